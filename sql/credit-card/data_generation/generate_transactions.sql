-- =====================================================================================
-- 18 months of credit-card transactions for BRONZE.BRONZE_TRANSACTIONS, generated in SQL inside
-- Snowflake: TABLE(GENERATOR(...)) for rows, UNIFORM / NORMAL / ZIPF for the draws.
-- Run by the generate_transaction_data task (EXECUTE IMMEDIATE FROM the stage), after
-- CALL BRONZE.GENERATE_CUSTOMERS(...). Parameters: the _generation_parameters row below.
--
-- The same behaviour, set-based, as the local generator (src/scenario/credit-card/generate/
-- transactions.sql, in DuckDB SQL): per-segment monthly activity, log-normal tickets around a
-- segment median times a category factor, category and channel mixes per segment, decline
-- rates, holiday peak, Declining customers fading (gradual) or stopping (sudden) in the last
-- months, New & Growing ramping up after opening, ~3% quiet attrition elsewhere, and the same
-- transaction ids (dense, 1.. in customer, month, row order). Every draw's generator is a HASH of
-- (seed, customer, month, row, purpose), so a seed gives the same rows on any warehouse size.
-- Merchants: ZIPF over each category's list, popular merchants first (locally a power-law pick).
-- The profile tables below mirror src/scenario/credit-card/segments.ts.
-- =====================================================================================

-- Run by a task, so no USE ROLE / USE WAREHOUSE (the task's owner and warehouse apply) and no
-- session variables (SET): the parameters are a one-row temporary table, joined where needed.
-- The task runs in CUSTOMER_ANALYTICS.BRONZE; by hand, run it with that database and schema in use.
CREATE OR REPLACE TEMPORARY TABLE _generation_parameters AS
SELECT
  42 AS seed,
  '2025-06-30'::DATE AS as_of,
  DATE_TRUNC('month', DATEADD('month', -17, '2025-06-30'::DATE))::DATE AS window_start;

-- Segment profiles: transactions per active month, median ticket, log-normal spread, decline rate.
CREATE OR REPLACE TEMPORARY TABLE _segment_profile (customer_segment VARCHAR, monthly_transactions FLOAT, median_amount FLOAT, amount_spread FLOAT, decline_rate FLOAT) AS
SELECT * FROM VALUES
  ('High-Value Travelers', 24, 120, 0.9, 0.02),
  ('Stable Mid-Spenders', 16, 55, 0.85, 0.03),
  ('Budget-Conscious', 12, 28, 0.7, 0.045),
  ('Declining', 16, 60, 0.85, 0.04),
  ('New & Growing', 18, 45, 0.8, 0.03);

-- Category mix per segment as cumulative ranges [lo, hi) of a uniform draw.
CREATE OR REPLACE TEMPORARY TABLE _segment_category (customer_segment VARCHAR, merchant_category VARCHAR, lo FLOAT, hi FLOAT) AS
SELECT * FROM VALUES
  ('High-Value Travelers', 'Travel', 0.000000, 0.300000),
  ('High-Value Travelers', 'Dining', 0.300000, 0.500000),
  ('High-Value Travelers', 'Grocery', 0.500000, 0.580000),
  ('High-Value Travelers', 'Gas', 0.580000, 0.640000),
  ('High-Value Travelers', 'Retail', 0.640000, 0.760000),
  ('High-Value Travelers', 'Entertainment', 0.760000, 0.840000),
  ('High-Value Travelers', 'Utilities', 0.840000, 0.880000),
  ('High-Value Travelers', 'Healthcare', 0.880000, 0.910000),
  ('High-Value Travelers', 'Home Improvement', 0.910000, 0.940000),
  ('High-Value Travelers', 'Digital Services', 0.940000, 1.000000),
  ('Stable Mid-Spenders', 'Travel', 0.000000, 0.020000),
  ('Stable Mid-Spenders', 'Dining', 0.020000, 0.160000),
  ('Stable Mid-Spenders', 'Grocery', 0.160000, 0.380000),
  ('Stable Mid-Spenders', 'Gas', 0.380000, 0.500000),
  ('Stable Mid-Spenders', 'Retail', 0.500000, 0.660000),
  ('Stable Mid-Spenders', 'Entertainment', 0.660000, 0.730000),
  ('Stable Mid-Spenders', 'Utilities', 0.730000, 0.830000),
  ('Stable Mid-Spenders', 'Healthcare', 0.830000, 0.880000),
  ('Stable Mid-Spenders', 'Home Improvement', 0.880000, 0.930000),
  ('Stable Mid-Spenders', 'Digital Services', 0.930000, 1.000000),
  ('Budget-Conscious', 'Travel', 0.000000, 0.010000),
  ('Budget-Conscious', 'Dining', 0.010000, 0.090000),
  ('Budget-Conscious', 'Grocery', 0.090000, 0.390000),
  ('Budget-Conscious', 'Gas', 0.390000, 0.550000),
  ('Budget-Conscious', 'Retail', 0.550000, 0.670000),
  ('Budget-Conscious', 'Entertainment', 0.670000, 0.710000),
  ('Budget-Conscious', 'Utilities', 0.710000, 0.850000),
  ('Budget-Conscious', 'Healthcare', 0.850000, 0.920000),
  ('Budget-Conscious', 'Home Improvement', 0.920000, 0.940000),
  ('Budget-Conscious', 'Digital Services', 0.940000, 1.000000),
  ('Declining', 'Travel', 0.000000, 0.030000),
  ('Declining', 'Dining', 0.030000, 0.170000),
  ('Declining', 'Grocery', 0.170000, 0.370000),
  ('Declining', 'Gas', 0.370000, 0.490000),
  ('Declining', 'Retail', 0.490000, 0.650000),
  ('Declining', 'Entertainment', 0.650000, 0.730000),
  ('Declining', 'Utilities', 0.730000, 0.830000),
  ('Declining', 'Healthcare', 0.830000, 0.890000),
  ('Declining', 'Home Improvement', 0.890000, 0.930000),
  ('Declining', 'Digital Services', 0.930000, 1.000000),
  ('New & Growing', 'Travel', 0.000000, 0.060000),
  ('New & Growing', 'Dining', 0.060000, 0.220000),
  ('New & Growing', 'Grocery', 0.220000, 0.400000),
  ('New & Growing', 'Gas', 0.400000, 0.480000),
  ('New & Growing', 'Retail', 0.480000, 0.660000),
  ('New & Growing', 'Entertainment', 0.660000, 0.760000),
  ('New & Growing', 'Utilities', 0.760000, 0.820000),
  ('New & Growing', 'Healthcare', 0.820000, 0.850000),
  ('New & Growing', 'Home Improvement', 0.850000, 0.880000),
  ('New & Growing', 'Digital Services', 0.880000, 1.000000);

CREATE OR REPLACE TEMPORARY TABLE _segment_channel (customer_segment VARCHAR, channel VARCHAR, lo FLOAT, hi FLOAT) AS
SELECT * FROM VALUES
  ('High-Value Travelers', 'Online', 0.000000, 0.400000),
  ('High-Value Travelers', 'In-Store', 0.400000, 0.800000),
  ('High-Value Travelers', 'Mobile', 0.800000, 1.000000),
  ('Stable Mid-Spenders', 'Online', 0.000000, 0.300000),
  ('Stable Mid-Spenders', 'In-Store', 0.300000, 0.800000),
  ('Stable Mid-Spenders', 'Mobile', 0.800000, 1.000000),
  ('Budget-Conscious', 'Online', 0.000000, 0.200000),
  ('Budget-Conscious', 'In-Store', 0.200000, 0.850000),
  ('Budget-Conscious', 'Mobile', 0.850000, 1.000000),
  ('Declining', 'Online', 0.000000, 0.300000),
  ('Declining', 'In-Store', 0.300000, 0.800000),
  ('Declining', 'Mobile', 0.800000, 1.000000),
  ('New & Growing', 'Online', 0.000000, 0.350000),
  ('New & Growing', 'In-Store', 0.350000, 0.600000),
  ('New & Growing', 'Mobile', 0.600000, 1.000000);

-- Relative ticket size per category: flights and hotels cost more than a coffee.
CREATE OR REPLACE TEMPORARY TABLE _category (merchant_category VARCHAR, amount_factor FLOAT) AS
SELECT * FROM VALUES
  ('Travel', 3.2),
  ('Dining', 0.6),
  ('Grocery', 1),
  ('Gas', 0.8),
  ('Retail', 1.2),
  ('Entertainment', 0.9),
  ('Utilities', 1.5),
  ('Healthcare', 1.3),
  ('Home Improvement', 1.8),
  ('Digital Services', 0.35);

-- Merchants per category, most popular first (rank 1 = the head of the ZIPF draw).
CREATE OR REPLACE TEMPORARY TABLE _merchant (merchant_category VARCHAR, merchant_rank INTEGER, merchant_name VARCHAR) AS
SELECT * FROM VALUES
  ('Travel', 1, 'Delta Air Lines'),
  ('Travel', 2, 'United Airlines'),
  ('Travel', 3, 'Marriott'),
  ('Travel', 4, 'Hilton'),
  ('Travel', 5, 'American Airlines'),
  ('Travel', 6, 'Southwest Airlines'),
  ('Travel', 7, 'Expedia'),
  ('Travel', 8, 'Hyatt'),
  ('Travel', 9, 'Airbnb'),
  ('Travel', 10, 'Hertz'),
  ('Dining', 1, 'Starbucks'),
  ('Dining', 2, 'McDonald''s'),
  ('Dining', 3, 'Chipotle'),
  ('Dining', 4, 'Olive Garden'),
  ('Dining', 5, 'Panera Bread'),
  ('Dining', 6, 'Chick-fil-A'),
  ('Dining', 7, 'Domino''s'),
  ('Dining', 8, 'Texas Roadhouse'),
  ('Dining', 9, 'Subway'),
  ('Dining', 10, 'The Cheesecake Factory'),
  ('Grocery', 1, 'Kroger'),
  ('Grocery', 2, 'Safeway'),
  ('Grocery', 3, 'Whole Foods Market'),
  ('Grocery', 4, 'Trader Joe''s'),
  ('Grocery', 5, 'Publix'),
  ('Grocery', 6, 'Albertsons'),
  ('Grocery', 7, 'H-E-B'),
  ('Grocery', 8, 'Aldi'),
  ('Grocery', 9, 'Wegmans'),
  ('Grocery', 10, 'Sprouts Farmers Market'),
  ('Gas', 1, 'Shell'),
  ('Gas', 2, 'Chevron'),
  ('Gas', 3, 'ExxonMobil'),
  ('Gas', 4, 'BP'),
  ('Gas', 5, 'Speedway'),
  ('Gas', 6, 'Circle K'),
  ('Gas', 7, 'Marathon'),
  ('Gas', 8, 'Sunoco'),
  ('Gas', 9, 'Valero'),
  ('Gas', 10, 'Wawa'),
  ('Retail', 1, 'Amazon'),
  ('Retail', 2, 'Target'),
  ('Retail', 3, 'Walmart'),
  ('Retail', 4, 'Costco'),
  ('Retail', 5, 'Best Buy'),
  ('Retail', 6, 'Macy''s'),
  ('Retail', 7, 'Nordstrom'),
  ('Retail', 8, 'TJ Maxx'),
  ('Retail', 9, 'Kohl''s'),
  ('Retail', 10, 'Apple Store'),
  ('Entertainment', 1, 'AMC Theatres'),
  ('Entertainment', 2, 'Ticketmaster'),
  ('Entertainment', 3, 'Regal Cinemas'),
  ('Entertainment', 4, 'Dave & Buster''s'),
  ('Entertainment', 5, 'Live Nation'),
  ('Entertainment', 6, 'Topgolf'),
  ('Entertainment', 7, 'Six Flags'),
  ('Entertainment', 8, 'Bowlero'),
  ('Entertainment', 9, 'StubHub'),
  ('Entertainment', 10, 'Fandango'),
  ('Utilities', 1, 'Comcast Xfinity'),
  ('Utilities', 2, 'Verizon'),
  ('Utilities', 3, 'AT&T'),
  ('Utilities', 4, 'T-Mobile'),
  ('Utilities', 5, 'Duke Energy'),
  ('Utilities', 6, 'PG&E'),
  ('Utilities', 7, 'Con Edison'),
  ('Utilities', 8, 'Spectrum'),
  ('Utilities', 9, 'Xcel Energy'),
  ('Utilities', 10, 'Southern Company'),
  ('Healthcare', 1, 'CVS Pharmacy'),
  ('Healthcare', 2, 'Walgreens'),
  ('Healthcare', 3, 'Rite Aid'),
  ('Healthcare', 4, 'Quest Diagnostics'),
  ('Healthcare', 5, 'LabCorp'),
  ('Healthcare', 6, 'Kaiser Permanente'),
  ('Healthcare', 7, 'MinuteClinic'),
  ('Healthcare', 8, 'Aspen Dental'),
  ('Healthcare', 9, 'LensCrafters'),
  ('Healthcare', 10, 'GoodRx'),
  ('Home Improvement', 1, 'The Home Depot'),
  ('Home Improvement', 2, 'Lowe''s'),
  ('Home Improvement', 3, 'IKEA'),
  ('Home Improvement', 4, 'Wayfair'),
  ('Home Improvement', 5, 'Ace Hardware'),
  ('Home Improvement', 6, 'Menards'),
  ('Home Improvement', 7, 'Bed Bath & Beyond'),
  ('Home Improvement', 8, 'Sherwin-Williams'),
  ('Home Improvement', 9, 'Williams-Sonoma'),
  ('Home Improvement', 10, 'Crate & Barrel'),
  ('Digital Services', 1, 'Netflix'),
  ('Digital Services', 2, 'Spotify'),
  ('Digital Services', 3, 'Apple Services'),
  ('Digital Services', 4, 'Google Play'),
  ('Digital Services', 5, 'Disney+'),
  ('Digital Services', 6, 'Microsoft 365'),
  ('Digital Services', 7, 'Adobe'),
  ('Digital Services', 8, 'Hulu'),
  ('Digital Services', 9, 'YouTube Premium'),
  ('Digital Services', 10, 'Dropbox');

-- One row per customer: activity level and, for the churners, when and how they fade.
CREATE OR REPLACE TEMPORARY TABLE _behaviour AS
SELECT
  c.customer_id,
  CAST(SUBSTR(c.customer_id, 5) AS INTEGER) AS customer_num,
  c.customer_segment,
  c.decline_type,
  c.account_open_date,
  0.6 + 0.8 * UNIFORM(0::FLOAT, 1::FLOAT, HASH(g.seed, customer_num, 0, 0, 11)) AS activity,
  -- Declining/sudden: stops dead somewhere in the last ~4 months.
  IFF(c.decline_type = 'sudden',
      DATEADD('day', -(15 + UNIFORM(0, 104, HASH(g.seed, customer_num, 0, 0, 12))), g.as_of), NULL) AS stop_date,
  -- Declining/gradual: fades from full activity to 3% over 4-6 months, starting 3-7 months ago.
  IFF(c.decline_type = 'gradual',
      DATEADD('day', -(90 + UNIFORM(0, 119, HASH(g.seed, customer_num, 0, 0, 13))), g.as_of), NULL) AS fade_start,
  120 + UNIFORM(0, 59, HASH(g.seed, customer_num, 0, 0, 14)) AS fade_days,
  -- Quiet attrition: ~3% of the other segments fade for 45 days and then stop, at a random date.
  IFF(c.customer_segment IN ('High-Value Travelers', 'Stable Mid-Spenders', 'Budget-Conscious')
        AND UNIFORM(0::FLOAT, 1::FLOAT, HASH(g.seed, customer_num, 0, 0, 15)) < 0.03,
          -- UNIFORM takes constant bounds: a uniform [0, 1) draw scaled to the window's length instead.
      DATEADD('day', 120 + LEAST(DATEDIFF('day', g.window_start, g.as_of) - 131,
                                 FLOOR(UNIFORM(0::FLOAT, 1::FLOAT, HASH(g.seed, customer_num, 0, 0, 16)) * (DATEDIFF('day', g.window_start, g.as_of) - 130))), g.window_start),
      NULL) AS attrition_date
FROM BRONZE.BRONZE_CUSTOMERS AS c
CROSS JOIN _generation_parameters AS g;

-- Expected and drawn transaction counts per customer and month.
CREATE OR REPLACE TEMPORARY TABLE _customer_month AS
WITH months AS (
  SELECT
    m.month_index,
    DATEADD('month', m.month_index, g.window_start) AS month_start,
    LAST_DAY(DATEADD('month', m.month_index, g.window_start)) AS month_end
  FROM (SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) - 1 AS month_index FROM TABLE(GENERATOR(ROWCOUNT => 18))) AS m
  CROSS JOIN _generation_parameters AS g
),
spans AS (
  SELECT
    b.*, p.monthly_transactions, m.month_index, m.month_start, m.month_end,
    GREATEST(m.month_start, b.account_open_date) AS active_from,
    LEAST(m.month_end, COALESCE(b.stop_date, '9999-12-31'::DATE), COALESCE(b.attrition_date, '9999-12-31'::DATE)) AS active_to,
    DATEADD('day', FLOOR(DATEDIFF('day', m.month_start, m.month_end) / 2), m.month_start) AS mid_month,
    MONTH(m.month_start) AS calendar_month
  FROM _behaviour AS b
  JOIN _segment_profile AS p ON p.customer_segment = b.customer_segment
  CROSS JOIN months AS m
),
rates AS (
  SELECT
    *,
    (DATEDIFF('day', active_from, active_to) + 1) / (DATEDIFF('day', month_start, month_end) + 1) AS active_fraction,
    activity
    -- Holiday peak, post-holiday dip.
    * CASE WHEN calendar_month IN (11, 12) THEN 1.15 WHEN calendar_month IN (1, 2) THEN 0.92 ELSE 1.0 END
    -- Gradual decliners fade linearly to 3% of their old activity.
    * CASE WHEN fade_start IS NULL OR mid_month < fade_start THEN 1.0
           ELSE GREATEST(0.03, 1.0 - 0.97 * DATEDIFF('day', fade_start, mid_month) / fade_days) END
    -- Quiet attrition: half activity in the 45 days before leaving.
    * CASE WHEN attrition_date IS NOT NULL AND mid_month >= DATEADD('day', -45, attrition_date) THEN 0.5 ELSE 1.0 END
    -- New & Growing ramp up month by month after opening.
    * CASE WHEN customer_segment = 'New & Growing'
           THEN LEAST(1.3, 0.3 + 0.1 * GREATEST(0, DATEDIFF('day', account_open_date, mid_month) / 30.0)) ELSE 1.0 END
    AS multiplier
  FROM spans
  WHERE active_to >= active_from
)
SELECT
  *,
  -- Dense transaction ids, 1.. in (customer, month, row) order, as the local generator numbers them.
  (SUM(transaction_count) OVER (ORDER BY customer_num, month_index ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
   - transaction_count + 1)::BIGINT AS first_transaction_id
FROM (
  SELECT
    customer_id, customer_num, customer_segment, month_index, active_from, active_to,
    -- Poisson-like count around the expected count (normal approximation, never negative); a new
    -- account always makes its first purchase in its opening month.
    GREATEST(IFF(active_from = account_open_date, 1, 0),
             ROUND(expected_count + SQRT(expected_count) * NORMAL(0::FLOAT, 1::FLOAT, HASH(g.seed, customer_num, month_index, 0, 21))))::INTEGER AS transaction_count
  FROM (SELECT *, monthly_transactions * multiplier * active_fraction AS expected_count FROM rates)
  CROSS JOIN _generation_parameters AS g
) AS counted;

-- Row numbers 0..299 to expand each customer-month into its transactions.
CREATE OR REPLACE TEMPORARY TABLE _k AS
SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) - 1 AS k FROM TABLE(GENERATOR(ROWCOUNT => 300));

-- The table is refilled, not replaced: its grants, clustering and change tracking stay.
INSERT OVERWRITE INTO BRONZE.BRONZE_TRANSACTIONS
  (transaction_id, customer_id, transaction_date, transaction_amount, merchant_name, merchant_category, channel, status)
WITH drawn AS (
  SELECT
    cm.customer_id, cm.customer_num, cm.customer_segment, cm.month_index, cm.active_from, cm.active_to, cm.first_transaction_id, k.k,
    p.median_amount, p.amount_spread, p.decline_rate,
    UNIFORM(0::FLOAT, 1::FLOAT, HASH(g.seed, cm.customer_num, cm.month_index, k.k, 31)) AS u_category,
    UNIFORM(0::FLOAT, 1::FLOAT, HASH(g.seed, cm.customer_num, cm.month_index, k.k, 32)) AS u_channel,
    ZIPF(0.6, 10, HASH(g.seed, cm.customer_num, cm.month_index, k.k, 33)) AS merchant_rank,
    NORMAL(0::FLOAT, 1::FLOAT, HASH(g.seed, cm.customer_num, cm.month_index, k.k, 34)) AS z_amount,
    UNIFORM(0::FLOAT, 1::FLOAT, HASH(g.seed, cm.customer_num, cm.month_index, k.k, 36)) AS u_time,
    UNIFORM(0::FLOAT, 1::FLOAT, HASH(g.seed, cm.customer_num, cm.month_index, k.k, 37)) AS u_status
  FROM _customer_month AS cm
  JOIN _k AS k ON k.k < cm.transaction_count
  JOIN _segment_profile AS p ON p.customer_segment = cm.customer_segment
  CROSS JOIN _generation_parameters AS g
)
SELECT
  d.first_transaction_id + d.k AS transaction_id,
  d.customer_id,
  DATEADD('second', FLOOR(d.u_time * (DATEDIFF('day', d.active_from, d.active_to) + 1) * 86400), d.active_from::TIMESTAMP_NTZ) AS transaction_date,
  LEAST(9999.99, GREATEST(1.00, EXP(LN(d.median_amount * c.amount_factor) + d.amount_spread * d.z_amount)))::NUMBER(10, 2) AS transaction_amount,
  m.merchant_name,
  sc.merchant_category,
  ch.channel,
  IFF(d.u_status < d.decline_rate, 'declined', 'approved') AS status
FROM drawn AS d
JOIN _segment_category AS sc ON sc.customer_segment = d.customer_segment AND d.u_category >= sc.lo AND d.u_category < sc.hi
JOIN _segment_channel AS ch ON ch.customer_segment = d.customer_segment AND d.u_channel >= ch.lo AND d.u_channel < ch.hi
JOIN _category AS c ON c.merchant_category = sc.merchant_category
JOIN _merchant AS m ON m.merchant_category = sc.merchant_category AND m.merchant_rank = d.merchant_rank;

-- A refilled table starts the incremental stream again at its end (as the local emulation does).
CREATE OR REPLACE STREAM BRONZE.bronze_transactions_stream
  ON TABLE BRONZE.BRONZE_TRANSACTIONS
  APPEND_ONLY = TRUE
  COMMENT = 'New bronze transactions since the last incremental merge';

SELECT COUNT(*) AS transactions, COUNT(DISTINCT customer_id) AS customers,
       MIN(transaction_date) AS first_transaction, MAX(transaction_date) AS last_transaction,
       ROUND(100 * AVG(IFF(status = 'approved', 1, 0)), 2) AS approved_pct
FROM BRONZE.BRONZE_TRANSACTIONS;
