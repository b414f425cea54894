-- As the consumer: a granted object
SELECT customer_segment, COUNT(*) AS customers
FROM CUSTOMER_ANALYTICS.GOLD.CUSTOMER_360_PROFILE
GROUP BY customer_segment
ORDER BY customers DESC;
