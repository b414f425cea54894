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

-- One row per customer: how active they are and, for the churners, when and how they leave.
-- Churn happens all through the history, as in a real portfolio: each Declining customer starts
-- to decline on their own date, spread evenly from the second month of history to the as-of date
-- (the latest are still declining, and can be saved), and the other segments lose a few customers
-- quietly at any time. Before leaving, a customer first moves discretionary and online spend to
-- another card (the warning a bank can see), then stops.
CREATE OR REPLACE TEMP TABLE _behaviour AS
WITH timing AS (
  SELECT
    c.customer_id,
    CAST(substr(c.customer_id, 5) AS BIGINT) AS customer_num,
    c.customer_segment,
    c.decline_type,
    c.account_open_date,
    CASE WHEN c.customer_segment = 'Declining'
         THEN DATE '{{ window_start }}' + CAST(45 + floor((DATE '{{ as_of }}' - DATE '{{ window_start }}' - 45) * u(CAST(substr(c.customer_id, 5) AS BIGINT), 0, 0, 0, 12)) AS INTEGER)
    END AS decline_start,
    -- Sudden: 3-7 weeks of warning (spend moves elsewhere), then a dead stop.
    -- Gradual: activity fades to 40% over 2-5 months, then stops.
    CASE WHEN c.decline_type = 'sudden' THEN 21 + floor(30 * u(CAST(substr(c.customer_id, 5) AS BIGINT), 0, 0, 0, 13))
         ELSE 60 + floor(90 * u(CAST(substr(c.customer_id, 5) AS BIGINT), 0, 0, 0, 14)) END AS decline_days,
    -- Quiet attrition: ~6% of the other segments; 45 days at 60% activity, then gone.
    CASE WHEN c.customer_segment <> 'Declining' AND u(CAST(substr(c.customer_id, 5) AS BIGINT), 0, 0, 0, 15) < 0.06
         THEN DATE '{{ window_start }}' + CAST(100 + floor((DATE '{{ as_of }}' - DATE '{{ window_start }}' - 40) * u(CAST(substr(c.customer_id, 5) AS BIGINT), 0, 0, 0, 16)) AS INTEGER)
    END AS drawn_attrition_date
  FROM _stage.BRONZE_CUSTOMERS AS c
)
SELECT
  t.* EXCLUDE (drawn_attrition_date),
  -- A new account is not lost before it has been used for two months.
  CASE WHEN drawn_attrition_date > account_open_date + 60 THEN drawn_attrition_date END AS attrition_date,
  -- How much of the segment's usual activity this customer shows: one in seven is a light user
  -- (the card rarely leaves the wallet, some months not at all), the rest 60%-140%.
  CASE WHEN u(customer_num, 0, 0, 0, 17) < 0.15 THEN 0.1 + 0.2 * u(customer_num, 0, 0, 0, 11)
       ELSE 0.6 + 0.8 * u(customer_num, 0, 0, 0, 11) END AS activity,
  CAST(decline_start + CAST(decline_days AS INTEGER) AS DATE) AS stop_date,
  -- The day the warning phase starts, whichever kind of churner this is.
  coalesce(decline_start, CASE WHEN drawn_attrition_date > account_open_date + 60 THEN CAST(drawn_attrition_date - 45 AS DATE) END) AS warning_start
FROM timing AS t;

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
    -- Nothing after the as-of date, whatever day of the month it is.
    least(m.month_end, DATE '{{ as_of }}', coalesce(b.stop_date - 1, DATE '9999-12-31'), coalesce(b.attrition_date - 1, DATE '9999-12-31')) AS active_to,
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
    -- Gradual decliners fade linearly to 40% of their old activity, then stop; sudden ones slow a little.
    * CASE WHEN decline_start IS NULL OR mid_month < decline_start THEN 1.0
           WHEN decline_type = 'sudden' THEN 0.85
           ELSE greatest(0.4, 1.0 - 0.6 * (mid_month - decline_start) / decline_days) END
    -- Quiet attrition: 60% activity in the 45 days before leaving.
    * CASE WHEN attrition_date IS NOT NULL AND mid_month >= attrition_date - 45 THEN 0.6 ELSE 1.0 END
    -- New & Growing ramp up month by month after opening.
    * CASE WHEN customer_segment = 'New & Growing'
           THEN least(1.3, 0.3 + 0.1 * greatest(0, (mid_month - account_open_date) / 30.0)) ELSE 1.0 END
    AS multiplier
  FROM spans
  WHERE active_to >= active_from
)
SELECT
  *,
  -- Transaction ids are dense, 1.. in (customer, month, row) order: the customer-month's first id
  -- is one more than the transactions of every earlier customer-month. Consecutive ids are what
  -- DuckDB stores in next to no space (a 13M-row id column takes 2 blocks instead of ~190).
  -- The window also leaves this table in (customer, month) order, the order rows are written in.
  CAST(sum(transaction_count) OVER (ORDER BY customer_num, month_index ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
       - transaction_count + 1 AS BIGINT) AS first_transaction_id
FROM (
  SELECT
    customer_id, customer_num, customer_segment, decline_type, decline_start, decline_days, warning_start,
    month_index, active_from, active_to,
    -- Poisson-like count around the expected count: normal approximation, never negative; a new
    -- account always makes its first purchase in its opening month.
    CAST(greatest(CASE WHEN active_from = account_open_date THEN 1 ELSE 0 END,
                  round(expected_count + sqrt(expected_count) * z(customer_num, month_index, 0, 0, 21))) AS INTEGER) AS transaction_count
  FROM (SELECT *, monthly_transactions * multiplier * active_fraction AS expected_count FROM rates)
) AS counted;

-- The transactions of the customers first..last, in id order. The table is written one block of
-- customers at a time (blocks in id order, so the table is too): a sort of ~2M rows fits in memory,
-- where one sort of every row spilled to disk and cost about a third more CPU.
{% macro transactions_of(first, last) -%}
WITH -- Each draw is computed once per row: inside a lambda, u() would be re-evaluated for every
-- threshold the lambda compares it with.
-- A lateral range() numbers each customer-month's rows in parallel; the final ORDER BY writes them
-- in id order (cheaper than keeping order throughout: unnest() in the select list runs ~50% slower).
numbered AS (
  SELECT cm.*, CAST(r.k AS INTEGER) AS k
  FROM (SELECT * FROM _customer_month WHERE customer_num BETWEEN {{ first }} AND {{ last }}) AS cm, range(cm.transaction_count) AS r(k)
),
expanded AS (
  SELECT
    n.*,
    u(n.customer_num, n.month_index, n.k, 0, 31) AS u_category,
    u(n.customer_num, n.month_index, n.k, 0, 32) AS u_channel
  FROM numbered AS n
),
drawn AS (
  SELECT
    e.*,
    p.median_amount, p.amount_spread, p.decline_rate,
    1 + len(list_filter(p.category_thresholds, x -> x <= e.u_category)) AS drawn_category_index,
    1 + len(list_filter(p.channel_thresholds, x -> x <= e.u_channel)) AS drawn_channel_index,
    u(customer_num, month_index, k, 0, 33) AS u_merchant,
    z(customer_num, month_index, k, 0, 34) AS z_amount,
    u(customer_num, month_index, k, 0, 37) AS u_status,
    CAST(e.active_from AS TIMESTAMP)
      + to_seconds(CAST(floor(u(customer_num, month_index, k, 0, 36) * (e.active_to - e.active_from + 1) * 86400) AS BIGINT)) AS transaction_ts
  FROM expanded AS e
  JOIN _segment_profile AS p USING (customer_segment)
),
-- In the warning phase before leaving, discretionary and online purchases move to another card
-- with this probability (growing through a gradual fade); what stays is essentials, in store.
warned AS (
  SELECT
    d.*,
    CASE
      WHEN warning_start IS NULL OR CAST(transaction_ts AS DATE) < warning_start THEN 0.0
      WHEN decline_type = 'gradual' THEN least(0.35, 0.1 + 0.25 * (CAST(transaction_ts AS DATE) - warning_start) / decline_days)
      ELSE 0.25
    END AS move_probability,
    CASE WHEN warning_start IS NOT NULL THEN u(customer_num, month_index, k, 0, 39) END AS u_essential
  FROM drawn AS d
),
shifted AS (
  SELECT
    w.*,
    CASE
      WHEN drawn_category_index IN ({{ discretionary_indexes }}) AND u(customer_num, month_index, k, 0, 38) < move_probability
        THEN [{{ essential_indexes }}][1 + len(list_filter({{ essential_thresholds }}::DOUBLE[], x -> x <= w.u_essential))]
      ELSE drawn_category_index
    END AS category_index,
    CASE
      WHEN drawn_channel_index <> 2 AND u(customer_num, month_index, k, 0, 40) < move_probability THEN 2
      ELSE drawn_channel_index
    END AS channel_index
  FROM warned AS w
)
SELECT
  first_transaction_id + k AS transaction_id,
  d.customer_id,
  d.transaction_ts AS transaction_date,
  CAST(least(9999.99, greatest(1.00, exp(ln(d.median_amount * c.amount_factor) + d.amount_spread * d.z_amount))) AS DECIMAL(10, 2)) AS transaction_amount,
  -- Popular merchants first: a skewed pick towards the head of each category's list.
  c.merchants[1 + CAST(floor(len(c.merchants) * pow(u_merchant, 1.6)) AS INTEGER)] AS merchant_name,
  c.merchant_category,
  ['Online', 'In-Store', 'Mobile'][channel_index] AS channel,
  CASE WHEN u_status < d.decline_rate THEN 'declined' ELSE 'approved' END AS status
FROM shifted AS d
JOIN _category AS c USING (category_index)
-- In id order: consecutive ids are what DuckDB stores in next to no space.
ORDER BY transaction_id
{%- endmacro %}

{% for block in customer_blocks -%}
{% if loop.first -%}
CREATE OR REPLACE TABLE BRONZE.BRONZE_TRANSACTIONS AS
{%- else -%}
INSERT INTO BRONZE.BRONZE_TRANSACTIONS
{%- endif %}
{{ transactions_of(block.first, block.last) }};
{% endfor -%}
