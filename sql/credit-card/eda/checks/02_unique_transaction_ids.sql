-- Check 2: every transaction_id is unique.
SELECT
  'unique_transaction_ids' AS check_name,
  CASE WHEN count(*) = count(DISTINCT transaction_id) THEN 'pass' ELSE 'fail' END AS status,
  CAST(count(*) - count(DISTINCT transaction_id) AS VARCHAR) || ' duplicates' AS observed,
  '0 duplicates' AS expected
FROM BRONZE.BRONZE_TRANSACTIONS
