-- One row per segment: the segment_telemetry snapshot taken after each generation.
SELECT
  c.customer_segment,
  count(DISTINCT c.customer_id) AS customers,
  count(t.transaction_id) AS transactions,
  sum(CASE WHEN t.status = 'approved' THEN t.transaction_amount ELSE 0 END) AS approved_spend,
  avg(t.transaction_amount) AS avg_ticket,
  avg(CASE WHEN t.status = 'approved' THEN 1.0 ELSE 0.0 END) AS approval_rate,
  avg(CASE WHEN t.merchant_category = 'Travel' THEN 1.0 ELSE 0.0 END) AS travel_share
FROM BRONZE.BRONZE_CUSTOMERS AS c
LEFT JOIN BRONZE.BRONZE_TRANSACTIONS AS t ON t.customer_id = c.customer_id
GROUP BY c.customer_segment
ORDER BY c.customer_segment
