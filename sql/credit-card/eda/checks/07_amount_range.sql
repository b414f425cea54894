-- Check 7: amounts are positive and below $10,000.
SELECT
  'amount_range' AS check_name,
  CASE WHEN min_amount > 0 AND max_amount < 10000 THEN 'pass' ELSE 'fail' END AS status,
  '$' || CAST(min_amount AS VARCHAR) || ' - $' || CAST(max_amount AS VARCHAR) AS observed,
  '> $0 and < $10,000' AS expected
FROM (SELECT min(transaction_amount) AS min_amount, max(transaction_amount) AS max_amount FROM BRONZE.BRONZE_TRANSACTIONS) AS amounts
