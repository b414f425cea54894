-- Check 9: all three channels are used, none below 10% or above 70%.
SELECT
  'channel_distribution' AS check_name,
  CASE WHEN count(*) = 3 AND min(share) >= 0.10 AND max(share) <= 0.70 THEN 'pass' ELSE 'fail' END AS status,
  'Online ' || CAST(ROUND(100 * max(CASE WHEN channel = 'Online' THEN share END), 1) AS VARCHAR)
    || '%, In-Store ' || CAST(ROUND(100 * max(CASE WHEN channel = 'In-Store' THEN share END), 1) AS VARCHAR)
    || '%, Mobile ' || CAST(ROUND(100 * max(CASE WHEN channel = 'Mobile' THEN share END), 1) AS VARCHAR) || '%' AS observed,
  'Online, In-Store, Mobile each 10% - 70%' AS expected
FROM (
  SELECT channel, count(*) / sum(count(*)) OVER () AS share
  FROM BRONZE.BRONZE_TRANSACTIONS
  GROUP BY channel
) AS shares
