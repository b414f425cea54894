-- Check 1: row count in the seed's band: 10M-17M transactions for 50,000 customers,
-- i.e. 200-340 transactions per customer at any scale.
SELECT
  'row_count' AS check_name,
  CASE WHEN t.n BETWEEN 200 * c.n AND 340 * c.n THEN 'pass' ELSE 'fail' END AS status,
  CAST(t.n AS VARCHAR) AS observed,
  CAST(200 * c.n AS VARCHAR) || ' - ' || CAST(340 * c.n AS VARCHAR) || ' (200-340 per customer)' AS expected
FROM (SELECT count(*) AS n FROM BRONZE.BRONZE_TRANSACTIONS) AS t
CROSS JOIN (SELECT count(*) AS n FROM BRONZE.BRONZE_CUSTOMERS) AS c
