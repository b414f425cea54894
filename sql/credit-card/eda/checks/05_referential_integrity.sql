-- Check 5: every transaction belongs to a known customer.
SELECT
  'referential_integrity' AS check_name,
  CASE WHEN count(*) = 0 THEN 'pass' ELSE 'fail' END AS status,
  CAST(count(*) AS VARCHAR) || ' orphan transactions' AS observed,
  '0 orphan transactions' AS expected
FROM BRONZE.BRONZE_TRANSACTIONS AS t
LEFT JOIN BRONZE.BRONZE_CUSTOMERS AS c ON c.customer_id = t.customer_id
WHERE c.customer_id IS NULL
