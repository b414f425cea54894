-- Check 10: all ten merchant categories appear, none dominates (> 40%) or vanishes (< 1%).
SELECT
  'merchant_category_distribution' AS check_name,
  CASE WHEN count(*) = 10 AND min(share) >= 0.01 AND max(share) <= 0.40 THEN 'pass' ELSE 'fail' END AS status,
  CAST(count(*) AS VARCHAR) || ' categories, ' || CAST(ROUND(100 * min(share), 1) AS VARCHAR) || '% - ' || CAST(ROUND(100 * max(share), 1) AS VARCHAR) || '%' AS observed,
  '10 categories, each 1% - 40%' AS expected
FROM (
  SELECT merchant_category, count(*) / sum(count(*)) OVER () AS share
  FROM BRONZE.BRONZE_TRANSACTIONS
  GROUP BY merchant_category
) AS shares
