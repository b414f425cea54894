-- Check 12: every month of the history has activity, with no month's daily rate below half or
-- above one and a half times the average (holiday peaks stay inside that band). Daily rates, so
-- that a history ending mid-month (--as-of) is judged on the days it has.
SELECT
  'monthly_trends' AS check_name,
  CASE WHEN count(*) BETWEEN 17 AND 19 AND min(n) >= 0.5 * avg(n) AND max(n) <= 1.5 * avg(n) THEN 'pass' ELSE 'fail' END AS status,
  CAST(count(*) AS VARCHAR) || ' months, ' || CAST(ROUND(min(n), 0) AS VARCHAR) || ' - ' || CAST(ROUND(max(n), 0) AS VARCHAR) || ' transactions a day' AS observed,
  '17 - 19 months, each within 50% - 150% of the average daily rate' AS expected
FROM (
  SELECT date_trunc('month', transaction_date) AS month, count(*) / count(DISTINCT CAST(transaction_date AS DATE)) AS n
  FROM BRONZE.BRONZE_TRANSACTIONS
  GROUP BY date_trunc('month', transaction_date)
) AS monthly
