-- `c360-demo stream append N`: N new bronze transactions, deterministic for a given warehouse
-- state. New ids continue after the highest id; times fall on the day of the latest transaction
-- (a hash of the id picks the second), so the history never runs past its as-of date; customers, merchants, amounts, channels and statuses are seeded hashes of
-- the new id, drawn from what the bronze layer already holds.
-- (Snowflake: sql/credit-card/orchestration/stream_append.sql, by the same rules; its HASH differs from DuckDB's.)
INSERT INTO BRONZE.BRONZE_TRANSACTIONS
  (transaction_id, customer_id, transaction_date, transaction_amount, merchant_name, merchant_category, channel, status)
WITH base AS (
  SELECT max(transaction_id) AS max_id, max(transaction_date) AS max_ts FROM BRONZE.BRONZE_TRANSACTIONS
),
customers AS (
  SELECT list(customer_id ORDER BY customer_id) AS ids FROM BRONZE.BRONZE_CUSTOMERS
),
merchants AS (
  SELECT list({'name': merchant_name, 'category': merchant_category} ORDER BY merchant_category, merchant_name) AS m
  FROM (SELECT DISTINCT merchant_name, merchant_category FROM BRONZE.BRONZE_TRANSACTIONS)
),
new_rows AS (
  SELECT
    b.max_id + r.i AS transaction_id,
    date_trunc('day', b.max_ts) + to_seconds(CAST(hash(b.max_id + r.i, 'time') % 86400 AS BIGINT)) AS transaction_date,
    c.ids[1 + CAST(hash(b.max_id + r.i, 'customer') % len(c.ids) AS INTEGER)] AS customer_id,
    m.m[1 + CAST(hash(b.max_id + r.i, 'merchant') % len(m.m) AS INTEGER)] AS merchant
  FROM base AS b, customers AS c, merchants AS m, range(1, {{ n }} + 1) AS r(i)
)
SELECT
  transaction_id,
  customer_id,
  transaction_date,
  CAST(least(9999.99, greatest(1.00, exp(ln(45.0) + 0.9 * (((hash(transaction_id, 'amount') % 1000003) / 1000003.0) - 0.5) * 3.4))) AS DECIMAL(10, 2)),
  merchant.name,
  merchant.category,
  ['Online', 'In-Store', 'Mobile'][1 + CAST(hash(transaction_id, 'channel') % 3 AS INTEGER)],
  CASE WHEN hash(transaction_id, 'status') % 100 < 3 THEN 'declined' ELSE 'approved' END
FROM new_rows
ORDER BY transaction_id;
