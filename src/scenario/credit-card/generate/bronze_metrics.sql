-- The bronze metrics captured before and after generation (the seed's 01_baseline_metrics / 04_delta).
-- One pass over the transactions for all of them, then one row per metric.
WITH transactions AS MATERIALIZED (
  SELECT
    count(*) AS transactions,
    count(DISTINCT customer_id) AS customers_with_transactions,
    sum(CASE WHEN status = 'approved' THEN transaction_amount ELSE 0 END) AS approved_spend,
    avg(CASE WHEN status = 'approved' THEN 1.0 ELSE 0.0 END) AS approval_rate,
    avg(transaction_amount) AS avg_transaction_amount,
    max(CAST(transaction_date AS DATE)) - min(CAST(transaction_date AS DATE)) + 1 AS history_days
  FROM BRONZE.BRONZE_TRANSACTIONS
)
SELECT 'customers' AS metric, count(*) AS value FROM BRONZE.BRONZE_CUSTOMERS
UNION ALL SELECT 'transactions', transactions FROM transactions
UNION ALL SELECT 'customers_with_transactions', customers_with_transactions FROM transactions
UNION ALL SELECT 'approved_spend', approved_spend FROM transactions
UNION ALL SELECT 'approval_rate', approval_rate FROM transactions
UNION ALL SELECT 'avg_transaction_amount', avg_transaction_amount FROM transactions
UNION ALL SELECT 'history_days', history_days FROM transactions
