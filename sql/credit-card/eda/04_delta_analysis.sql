-- =====================================================================================
-- 04 Delta analysis: the same metrics as 01 AFTER generation (phase 'post', same run id as the
-- latest baseline), and the before/after comparison. Run 01 before generating, this after.
-- =====================================================================================

USE ROLE C360_ENGINEER;
USE WAREHOUSE COMPUTE_WH;
USE DATABASE CUSTOMER_ANALYTICS;

-- The latest baseline that has no post snapshot yet.
SET delta_run_id = (
  SELECT b.run_id
  FROM TELEMETRY.METRIC_SNAPSHOTS AS b
  WHERE b.phase = 'baseline'
    AND NOT EXISTS (SELECT 1 FROM TELEMETRY.METRIC_SNAPSHOTS AS p WHERE p.run_id = b.run_id AND p.phase = 'post')
  ORDER BY b.captured_at DESC
  LIMIT 1
);

INSERT INTO TELEMETRY.METRIC_SNAPSHOTS (run_id, phase, metric, value, captured_at)
SELECT $delta_run_id, 'post', metric, value, CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
FROM (
  SELECT 'customers' AS metric, COUNT(*)::FLOAT AS value FROM BRONZE.BRONZE_CUSTOMERS
  UNION ALL SELECT 'transactions', COUNT(*) FROM BRONZE.BRONZE_TRANSACTIONS
  UNION ALL SELECT 'customers_with_transactions', COUNT(DISTINCT customer_id) FROM BRONZE.BRONZE_TRANSACTIONS
  UNION ALL SELECT 'approved_spend', SUM(CASE WHEN status = 'approved' THEN transaction_amount ELSE 0 END) FROM BRONZE.BRONZE_TRANSACTIONS
  UNION ALL SELECT 'approval_rate', AVG(CASE WHEN status = 'approved' THEN 1.0 ELSE 0.0 END) FROM BRONZE.BRONZE_TRANSACTIONS
  UNION ALL SELECT 'avg_transaction_amount', AVG(transaction_amount) FROM BRONZE.BRONZE_TRANSACTIONS
  UNION ALL SELECT 'history_days', DATEDIFF('day', MIN(transaction_date::DATE), MAX(transaction_date::DATE)) + 1 FROM BRONZE.BRONZE_TRANSACTIONS
);

-- Before and after, side by side.
SELECT
  p.metric,
  b.value AS baseline,
  p.value AS post,
  p.value - COALESCE(b.value, 0) AS delta,
  ROUND(100 * (p.value - b.value) / NULLIF(b.value, 0), 2) AS delta_pct
FROM TELEMETRY.METRIC_SNAPSHOTS AS p
LEFT JOIN TELEMETRY.METRIC_SNAPSHOTS AS b
  ON b.run_id = p.run_id AND b.metric = p.metric AND b.phase = 'baseline'
WHERE p.run_id = $delta_run_id AND p.phase = 'post'
ORDER BY p.metric;

-- Per segment after generation: the behaviour the seed describes, visible in the data.
SELECT
  c.customer_segment,
  COUNT(DISTINCT c.customer_id) AS customers,
  COUNT(t.transaction_id) AS transactions,
  ROUND(COUNT(t.transaction_id) / NULLIF(COUNT(DISTINCT c.customer_id), 0), 1) AS transactions_per_customer,
  ROUND(AVG(t.transaction_amount), 2) AS avg_ticket,
  ROUND(100 * AVG(IFF(t.merchant_category = 'Travel', 1, 0)), 1) AS travel_pct,
  ROUND(100 * AVG(IFF(t.status = 'approved', 1, 0)), 2) AS approved_pct
FROM BRONZE.BRONZE_CUSTOMERS AS c
LEFT JOIN BRONZE.BRONZE_TRANSACTIONS AS t ON t.customer_id = c.customer_id
GROUP BY c.customer_segment
ORDER BY c.customer_segment;

-- Declining customers fade: monthly transactions over the last 6 months by decline type.
SELECT
  c.decline_type,
  DATE_TRUNC('month', t.transaction_date)::DATE AS month,
  COUNT(*) AS transactions
FROM BRONZE.BRONZE_TRANSACTIONS AS t
JOIN BRONZE.BRONZE_CUSTOMERS AS c ON c.customer_id = t.customer_id
WHERE c.customer_segment = 'Declining'
  AND t.transaction_date >= DATEADD('month', -6, (SELECT MAX(transaction_date) FROM BRONZE.BRONZE_TRANSACTIONS))
GROUP BY 1, 2
ORDER BY 1, 2;
