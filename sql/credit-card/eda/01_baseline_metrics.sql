-- =====================================================================================
-- 01 Baseline metrics: the state of bronze BEFORE a generation run, kept in
-- TELEMETRY.METRIC_SNAPSHOTS (phase 'baseline') so that 04_delta_analysis.sql can compare.
-- The same metrics the local pipeline records (src/telemetry/bronze_metrics.sql).
-- Run 05_telemetry_tracking.sql once first (it creates the telemetry tables).
-- =====================================================================================

USE ROLE C360_ENGINEER;
USE WAREHOUSE COMPUTE_WH;
USE DATABASE CUSTOMER_ANALYTICS;

SET baseline_run_id = UUID_STRING();

INSERT INTO TELEMETRY.METRIC_SNAPSHOTS (run_id, phase, metric, value, captured_at)
SELECT $baseline_run_id, 'baseline', metric, value, CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
FROM (
  SELECT 'customers' AS metric, COUNT(*)::FLOAT AS value FROM BRONZE.BRONZE_CUSTOMERS
  UNION ALL SELECT 'transactions', COUNT(*) FROM BRONZE.BRONZE_TRANSACTIONS
  UNION ALL SELECT 'customers_with_transactions', COUNT(DISTINCT customer_id) FROM BRONZE.BRONZE_TRANSACTIONS
  UNION ALL SELECT 'approved_spend', SUM(CASE WHEN status = 'approved' THEN transaction_amount ELSE 0 END) FROM BRONZE.BRONZE_TRANSACTIONS
  UNION ALL SELECT 'approval_rate', AVG(CASE WHEN status = 'approved' THEN 1.0 ELSE 0.0 END) FROM BRONZE.BRONZE_TRANSACTIONS
  UNION ALL SELECT 'avg_transaction_amount', AVG(transaction_amount) FROM BRONZE.BRONZE_TRANSACTIONS
  UNION ALL SELECT 'history_days', DATEDIFF('day', MIN(transaction_date::DATE), MAX(transaction_date::DATE)) + 1 FROM BRONZE.BRONZE_TRANSACTIONS
);

SELECT metric, value
FROM TELEMETRY.METRIC_SNAPSHOTS
WHERE run_id = $baseline_run_id
ORDER BY metric;
