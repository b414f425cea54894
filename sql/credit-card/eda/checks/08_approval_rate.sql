-- Check 8: about 97% of transactions are approved.
SELECT
  'approval_rate' AS check_name,
  CASE WHEN rate BETWEEN 0.95 AND 0.99 THEN 'pass' WHEN rate BETWEEN 0.93 AND 0.995 THEN 'warn' ELSE 'fail' END AS status,
  CAST(ROUND(100 * rate, 2) AS VARCHAR) || '% approved' AS observed,
  '~97% approved (95% - 99%)' AS expected
FROM (SELECT avg(CASE WHEN status = 'approved' THEN 1.0 ELSE 0.0 END) AS rate FROM BRONZE.BRONZE_TRANSACTIONS) AS r
