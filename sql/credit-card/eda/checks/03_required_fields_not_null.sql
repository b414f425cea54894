-- Check 3: no NULLs in the 8 required transaction fields.
SELECT
  'required_fields_not_null' AS check_name,
  CASE WHEN nulls = 0 THEN 'pass' ELSE 'fail' END AS status,
  CAST(nulls AS VARCHAR) || ' NULLs' AS observed,
  '0 NULLs in transaction_id, customer_id, transaction_date, transaction_amount, merchant_name, merchant_category, channel, status' AS expected
FROM (
  SELECT
    sum(CASE WHEN transaction_id IS NULL THEN 1 ELSE 0 END)
    + sum(CASE WHEN customer_id IS NULL THEN 1 ELSE 0 END)
    + sum(CASE WHEN transaction_date IS NULL THEN 1 ELSE 0 END)
    + sum(CASE WHEN transaction_amount IS NULL THEN 1 ELSE 0 END)
    + sum(CASE WHEN merchant_name IS NULL THEN 1 ELSE 0 END)
    + sum(CASE WHEN merchant_category IS NULL THEN 1 ELSE 0 END)
    + sum(CASE WHEN channel IS NULL THEN 1 ELSE 0 END)
    + sum(CASE WHEN status IS NULL THEN 1 ELSE 0 END) AS nulls
  FROM BRONZE.BRONZE_TRANSACTIONS
) AS counts
