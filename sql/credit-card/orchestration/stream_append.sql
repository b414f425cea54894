-- =====================================================================================
-- New transactions for the stream demo: `c360-demo stream append N` runs this on Snowflake
-- (after SET append_rows = N). Deterministic for a given table state: ids continue after the
-- highest id, times on the day of the latest transaction (a hash of the id picks the second, so
-- the history never runs past its as-of date), and customer,
-- merchant, amount, channel and status are hashes of the new id.
-- The local backend runs src/orchestration/local/stream_append.sql, the same statement in DuckDB.
-- =====================================================================================

SET append_rows = 100;

INSERT INTO CUSTOMER_ANALYTICS.BRONZE.BRONZE_TRANSACTIONS
  (transaction_id, customer_id, transaction_date, transaction_amount, merchant_name, merchant_category, channel, status)
WITH base AS (
  SELECT MAX(transaction_id) AS max_id, MAX(transaction_date) AS max_ts
  FROM CUSTOMER_ANALYTICS.BRONZE.BRONZE_TRANSACTIONS
),
customers AS (
  SELECT customer_id, ROW_NUMBER() OVER (ORDER BY customer_id) - 1 AS idx
  FROM CUSTOMER_ANALYTICS.BRONZE.BRONZE_CUSTOMERS
),
merchants AS (
  SELECT merchant_name, merchant_category, ROW_NUMBER() OVER (ORDER BY merchant_category, merchant_name) - 1 AS idx
  FROM (SELECT DISTINCT merchant_name, merchant_category FROM CUSTOMER_ANALYTICS.BRONZE.BRONZE_TRANSACTIONS)
),
counts AS (
  SELECT (SELECT COUNT(*) FROM customers) AS n_customers, (SELECT COUNT(*) FROM merchants) AS n_merchants
),
new_rows AS (
  SELECT b.max_id + g.i AS transaction_id, DATEADD('second', ABS(HASH(b.max_id + g.i, 'time')) % 86400, DATE_TRUNC('day', b.max_ts)) AS transaction_date
  FROM base AS b
  CROSS JOIN (SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) AS i FROM TABLE(GENERATOR(ROWCOUNT => 1000000))) AS g
  WHERE g.i <= $append_rows
)
SELECT
  n.transaction_id,
  c.customer_id,
  n.transaction_date,
  CAST(LEAST(9999.99, GREATEST(1.00, EXP(LN(45.0) + 0.9 * ((ABS(HASH(n.transaction_id, 'amount')) % 1000003) / 1000003.0 - 0.5) * 3.4))) AS DECIMAL(10, 2)),
  m.merchant_name,
  m.merchant_category,
  DECODE(ABS(HASH(n.transaction_id, 'channel')) % 3, 0, 'Online', 1, 'In-Store', 'Mobile'),
  IFF(ABS(HASH(n.transaction_id, 'status')) % 100 < 3, 'declined', 'approved')
FROM new_rows AS n
CROSS JOIN counts AS k
JOIN customers AS c ON c.idx = ABS(HASH(n.transaction_id, 'customer')) % k.n_customers
JOIN merchants AS m ON m.idx = ABS(HASH(n.transaction_id, 'merchant')) % k.n_merchants;
