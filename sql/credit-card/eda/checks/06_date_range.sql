-- Check 6: the history spans 17-19 months (30.44 days a month).
SELECT
  'date_range' AS check_name,
  CASE WHEN months BETWEEN 17 AND 19 THEN 'pass' ELSE 'fail' END AS status,
  CAST(ROUND(months, 1) AS VARCHAR) || ' months (' || CAST(first_day AS VARCHAR) || ' to ' || CAST(last_day AS VARCHAR) || ')' AS observed,
  '17 - 19 months' AS expected
FROM (
  SELECT
    min(CAST(transaction_date AS DATE)) AS first_day,
    max(CAST(transaction_date AS DATE)) AS last_day,
    (max(CAST(transaction_date AS DATE)) - min(CAST(transaction_date AS DATE)) + 1) / 30.44 AS months
  FROM BRONZE.BRONZE_TRANSACTIONS
) AS span
