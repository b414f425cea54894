-- `c360-demo stream append N`: N new bronze transactions, deterministic for a given warehouse
-- state. New ids continue after the highest id; times continue from the latest transaction, one
-- every 37 seconds; customers, merchants, amounts, channels and statuses are seeded hashes of
-- the new id, drawn from what the bronze layer already holds.
INSERT INTO BRONZE.BRONZE_TRANSACTIONS
  (transaction_id, customer_id, transaction_date, transaction_amount, merchant_name, merchant_category, channel, status)
WITH base AS (
  SELECT max(transaction_id) AS max_id, max(transaction_date) AS max_ts FROM BRONZE.BRONZE_TRANSACTIONS
),
customers AS (
  SELECT customer_id, row_number() OVER (ORDER BY customer_id) - 1 AS idx FROM BRONZE.BRONZE_CUSTOMERS
),
merchants AS (
  SELECT merchant_name, merchant_category, row_number() OVER (ORDER BY merchant_category, merchant_name) - 1 AS idx
  FROM (SELECT DISTINCT merchant_name, merchant_category FROM BRONZE.BRONZE_TRANSACTIONS)
),
counts AS (
  SELECT (SELECT count(*) FROM customers) AS n_customers, (SELECT count(*) FROM merchants) AS n_merchants
),
new_rows AS (
  SELECT
    b.max_id + r.i AS transaction_id,
    b.max_ts + to_seconds(37 * r.i) AS transaction_date,
    r.i
  FROM base AS b, range(1, {{ n }} + 1) AS r(i)
)
SELECT
  n.transaction_id,
  c.customer_id,
  n.transaction_date,
  CAST(least(9999.99, greatest(1.00, exp(ln(45.0) + 0.9 * (((hash(n.transaction_id, 'amount') % 1000003) / 1000003.0) - 0.5) * 3.4))) AS DECIMAL(10, 2)),
  m.merchant_name,
  m.merchant_category,
  ['Online', 'In-Store', 'Mobile'][1 + CAST(hash(n.transaction_id, 'channel') % 3 AS INTEGER)],
  CASE WHEN hash(n.transaction_id, 'status') % 100 < 3 THEN 'declined' ELSE 'approved' END
FROM new_rows AS n
CROSS JOIN counts AS k
JOIN customers AS c ON c.idx = hash(n.transaction_id, 'customer') % k.n_customers
JOIN merchants AS m ON m.idx = hash(n.transaction_id, 'merchant') % k.n_merchants
ORDER BY n.transaction_id;
