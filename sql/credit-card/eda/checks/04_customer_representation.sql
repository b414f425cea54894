-- Check 4: every customer has transactions (all 50,000 at full scale).
SELECT
  'customer_representation' AS check_name,
  CASE WHEN active.n = c.n THEN 'pass' WHEN active.n >= 0.99 * c.n THEN 'warn' ELSE 'fail' END AS status,
  CAST(active.n AS VARCHAR) || ' of ' || CAST(c.n AS VARCHAR) || ' customers' AS observed,
  'all customers have transactions' AS expected
FROM (SELECT count(DISTINCT customer_id) AS n FROM BRONZE.BRONZE_TRANSACTIONS) AS active
CROSS JOIN (SELECT count(*) AS n FROM BRONZE.BRONZE_CUSTOMERS) AS c
