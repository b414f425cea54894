-- Segments: customers and lifetime spend per segment
SELECT customer_segment,
       COUNT(*)                          AS customers,
       SUM(lifetime_spend)               AS lifetime_spend,
       ROUND(AVG(avg_transaction_value), 2) AS avg_ticket
FROM GOLD.CUSTOMER_360_PROFILE
GROUP BY customer_segment
ORDER BY customers DESC;
