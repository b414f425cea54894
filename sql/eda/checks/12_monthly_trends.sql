-- Check 12: every month of the history has activity, with no month below half or above
-- one and a half times the average month (holiday peaks stay inside that band).
SELECT
  'monthly_trends' AS check_name,
  CASE WHEN count(*) BETWEEN 17 AND 19 AND min(n) >= 0.5 * avg(n) AND max(n) <= 1.5 * avg(n) THEN 'pass' ELSE 'fail' END AS status,
  CAST(count(*) AS VARCHAR) || ' months, ' || CAST(min(n) AS VARCHAR) || ' - ' || CAST(max(n) AS VARCHAR) || ' transactions a month' AS observed,
  '17 - 19 months, each within 50% - 150% of the average month' AS expected
FROM (
  SELECT date_trunc('month', transaction_date) AS month, count(*) AS n
  FROM BRONZE.BRONZE_TRANSACTIONS
  GROUP BY date_trunc('month', transaction_date)
) AS monthly
