-- Segments: rolling 90-day metrics (GOLD.CUSTOMER_SEGMENTS)
SELECT customer_segment,
       customers,
       active_customers,
       total_spend_90d,
       avg_spend_per_customer_90d,
       avg_transaction_value_90d,
       spend_share_pct
FROM GOLD.CUSTOMER_SEGMENTS
ORDER BY total_spend_90d DESC;
