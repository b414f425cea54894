-- The bronze metrics captured before and after generation (the seed's 01_baseline_metrics / 04_delta).
SELECT 'customers' AS metric, count(*) AS value FROM BRONZE.BRONZE_CUSTOMERS
UNION ALL SELECT 'transactions', count(*) FROM BRONZE.BRONZE_TRANSACTIONS
UNION ALL SELECT 'customers_with_transactions', count(DISTINCT customer_id) FROM BRONZE.BRONZE_TRANSACTIONS
UNION ALL SELECT 'approved_spend', sum(CASE WHEN status = 'approved' THEN transaction_amount ELSE 0 END) FROM BRONZE.BRONZE_TRANSACTIONS
UNION ALL SELECT 'approval_rate', avg(CASE WHEN status = 'approved' THEN 1.0 ELSE 0.0 END) FROM BRONZE.BRONZE_TRANSACTIONS
UNION ALL SELECT 'avg_transaction_amount', avg(transaction_amount) FROM BRONZE.BRONZE_TRANSACTIONS
UNION ALL SELECT 'history_days', max(CAST(transaction_date AS DATE)) - min(CAST(transaction_date AS DATE)) + 1 FROM BRONZE.BRONZE_TRANSACTIONS
