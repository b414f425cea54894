-- Transactions for BRONZE.BRONZE_TRANSACTIONS, generated set-based inside DuckDB.
-- Rendered with nunjucks by generate/index.ts (segment and merchant tables come from segments.ts).
-- Every random draw is a seeded hash of (seed, customer, month, row, purpose), so the same seed,
-- scale and as-of give the same rows on every run, on any number of threads.
--
-- Inputs: _stage.BRONZE_CUSTOMERS (the customers just generated), {{ seed }}, window {{ window_start }}..{{ as_of }}.
-- Runs inside the generation transaction: on Ctrl-C or a crash the previous bronze data stays.

CREATE OR REPLACE TEMP MACRO u(a, b, c, d, salt) AS
  (hash({{ seed }}, a, b, c, d, salt) % 1000000007)::DOUBLE / 1000000007.0;

-- Standard normal from two uniforms (Box-Muller).
CREATE OR REPLACE TEMP MACRO z(a, b, c, d, salt) AS
  sqrt(-2.0 * ln(greatest(u(a, b, c, d, salt), 1e-12))) * cos(2.0 * pi() * u(a, b, c, d, salt + 1));

CREATE OR REPLACE TEMP TABLE _segment_profile AS
SELECT * FROM (VALUES
{%- for s in segments %}
  ('{{ s.name }}', {{ s.monthlyTransactions }}, {{ s.medianAmount }}, {{ s.amountSpread }}, {{ s.declineRate }},
   {{ s.categoryThresholds }}::DOUBLE[], {{ s.channelThresholds }}::DOUBLE[]){{ "," if not loop.last }}
{%- endfor %}
) AS t(customer_segment, monthly_transactions, median_amount, amount_spread, decline_rate, category_thresholds, channel_thresholds);

CREATE OR REPLACE TEMP TABLE _category AS
SELECT * FROM (VALUES
{%- for c in categories %}
  ({{ loop.index }}, '{{ c.name }}', {{ c.amountFactor }}, {{ c.merchants }}::VARCHAR[]){{ "," if not loop.last }}
{%- endfor %}
) AS t(category_index, merchant_category, amount_factor, merchants);

-- One row per customer: how active they are and, for the churners, when and how they fade.
CREATE OR REPLACE TEMP TABLE _behaviour AS
SELECT
  c.customer_id,
  CAST(substr(c.customer_id, 5) AS BIGINT) AS customer_num,
  c.customer_segment,
  c.decline_type,
  c.account_open_date,
  0.6 + 0.8 * u(customer_num, 0, 0, 0, 11) AS activity,
  -- Declining/sudden: stops dead somewhere in the last ~4 months.
  CASE WHEN c.decline_type = 'sudden'
       THEN DATE '{{ as_of }}' - CAST(15 + floor(105 * u(customer_num, 0, 0, 0, 12)) AS INTEGER) END AS stop_date,
  -- Declining/gradual: fades from full activity to 3% over 4-6 months, starting 3-7 months ago.
  CASE WHEN c.decline_type = 'gradual'
       THEN DATE '{{ as_of }}' - CAST(90 + floor(120 * u(customer_num, 0, 0, 0, 13)) AS INTEGER) END AS fade_start,
  120 + floor(60 * u(customer_num, 0, 0, 0, 14)) AS fade_days,
  -- Quiet attrition: ~3% of the other segments fade for 45 days and then stop, at a random date.
  CASE WHEN c.customer_segment IN ('High-Value Travelers', 'Stable Mid-Spenders', 'Budget-Conscious')
        AND u(customer_num, 0, 0, 0, 15) < 0.03
       THEN DATE '{{ window_start }}' + CAST(120 + floor((DATE '{{ as_of }}' - DATE '{{ window_start }}' - 130) * u(customer_num, 0, 0, 0, 16)) AS INTEGER) END AS attrition_date
FROM _stage.BRONZE_CUSTOMERS AS c;

CREATE OR REPLACE TEMP TABLE _customer_month AS
WITH months AS (
  SELECT
    CAST(m AS INTEGER) AS month_index,
    CAST(DATE '{{ window_start }}' + to_months(CAST(m AS INTEGER)) AS DATE) AS month_start,
    CAST(DATE '{{ window_start }}' + to_months(CAST(m AS INTEGER) + 1) - INTERVAL 1 DAY AS DATE) AS month_end
  FROM range({{ months }}) AS r(m)
),
spans AS (
  SELECT
    b.*, p.monthly_transactions, m.month_index, m.month_start, m.month_end,
    greatest(m.month_start, b.account_open_date) AS active_from,
    least(m.month_end, coalesce(b.stop_date, DATE '9999-12-31'), coalesce(b.attrition_date, DATE '9999-12-31')) AS active_to,
    m.month_start + CAST((m.month_end - m.month_start) / 2 AS INTEGER) AS mid_month,
    extract('month' FROM m.month_start) AS calendar_month
  FROM _behaviour AS b
  JOIN _segment_profile AS p USING (customer_segment)
  CROSS JOIN months AS m
),
rates AS (
  SELECT
    *,
    (active_to - active_from + 1) / (month_end - month_start + 1) AS active_fraction,
    activity
    -- Holiday peak, post-holiday dip.
    * CASE WHEN calendar_month IN (11, 12) THEN 1.15 WHEN calendar_month IN (1, 2) THEN 0.92 ELSE 1.0 END
    -- Gradual decliners fade linearly to 3% of their old activity.
    * CASE WHEN fade_start IS NULL OR mid_month < fade_start THEN 1.0
           ELSE greatest(0.03, 1.0 - 0.97 * (mid_month - fade_start) / fade_days) END
    -- Quiet attrition: half activity in the 45 days before leaving.
    * CASE WHEN attrition_date IS NOT NULL AND mid_month >= attrition_date - 45 THEN 0.5 ELSE 1.0 END
    -- New & Growing ramp up month by month after opening.
    * CASE WHEN customer_segment = 'New & Growing'
           THEN least(1.3, 0.3 + 0.1 * greatest(0, (mid_month - account_open_date) / 30.0)) ELSE 1.0 END
    AS multiplier
  FROM spans
  WHERE active_to >= active_from
)
SELECT
  customer_id, customer_num, customer_segment, month_index, active_from, active_to,
  -- Poisson-like count around the expected count: normal approximation, never negative; a new
  -- account always makes its first purchase in its opening month.
  CAST(greatest(CASE WHEN active_from = account_open_date THEN 1 ELSE 0 END,
                round(expected_count + sqrt(expected_count) * z(customer_num, month_index, 0, 0, 21))) AS INTEGER) AS transaction_count
FROM (SELECT *, monthly_transactions * multiplier * active_fraction AS expected_count FROM rates);

CREATE OR REPLACE TABLE BRONZE.BRONZE_TRANSACTIONS AS
WITH expanded AS (
  SELECT cm.*, CAST(k AS INTEGER) AS k
  FROM _customer_month AS cm, range(cm.transaction_count) AS r(k)
),
drawn AS (
  SELECT
    e.*,
    p.median_amount, p.amount_spread, p.decline_rate,
    1 + len(list_filter(p.category_thresholds, x -> x <= u(customer_num, month_index, k, 0, 31))) AS category_index,
    1 + len(list_filter(p.channel_thresholds, x -> x <= u(customer_num, month_index, k, 0, 32))) AS channel_index,
    u(customer_num, month_index, k, 0, 33) AS u_merchant,
    z(customer_num, month_index, k, 0, 34) AS z_amount,
    u(customer_num, month_index, k, 0, 36) AS u_time,
    u(customer_num, month_index, k, 0, 37) AS u_status
  FROM expanded AS e
  JOIN _segment_profile AS p USING (customer_segment)
)
SELECT
  customer_num * 10000000 + month_index * 10000 + k AS transaction_id,
  d.customer_id,
  CAST(d.active_from AS TIMESTAMP)
    + to_seconds(CAST(floor(u_time * (d.active_to - d.active_from + 1) * 86400) AS BIGINT)) AS transaction_date,
  CAST(least(9999.99, greatest(1.00, exp(ln(d.median_amount * c.amount_factor) + d.amount_spread * d.z_amount))) AS DECIMAL(10, 2)) AS transaction_amount,
  -- Popular merchants first: a skewed pick towards the head of each category's list.
  c.merchants[1 + CAST(floor(len(c.merchants) * pow(u_merchant, 1.6)) AS INTEGER)] AS merchant_name,
  c.merchant_category,
  ['Online', 'In-Store', 'Mobile'][channel_index] AS channel,
  CASE WHEN u_status < d.decline_rate THEN 'declined' ELSE 'approved' END AS status
FROM drawn AS d
JOIN _category AS c USING (category_index);
