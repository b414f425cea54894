-- The first half of transaction generation: one row per customer and month of history with how
-- many transactions it has and everything its rows are drawn from (transactions.sql expands it).
-- Rendered with nunjucks by generate/index.ts (the segment table comes from segments.ts).
-- Every random draw is a seeded hash of (seed, customer, month, row, purpose), so the same seed,
-- scale and as-of give the same rows on every run, on any number of threads.
--
-- Inputs: {{ stage }}.BRONZE_CUSTOMERS (the customers just generated), {{ seed }}, window {{ window_start }}..{{ as_of }}.
-- Writes only to the in-memory staging database {{ stage }}, before the transaction that replaces BRONZE.

CREATE OR REPLACE TEMP MACRO u(a, b, c, d, salt) AS
  (hash({{ seed }}, a, b, c, d, salt) % 1000000007)::DOUBLE / 1000000007.0;

-- Standard normal from two uniforms (Box-Muller).
CREATE OR REPLACE TEMP MACRO z(a, b, c, d, salt) AS
  sqrt(-2.0 * ln(greatest(u(a, b, c, d, salt), 1e-12))) * cos(2.0 * pi() * u(a, b, c, d, salt + 1));

CREATE OR REPLACE TABLE {{ stage }}.segment_profile AS
SELECT * FROM (VALUES
{%- for s in segments %}
  ({{ loop.index }}, '{{ s.name }}', {{ s.monthlyTransactions }}, {{ s.medianAmount }}, {{ s.amountSpread }}, {{ s.declineRate }}){{ "," if not loop.last }}
{%- endfor %}
) AS t(segment_index, customer_segment, monthly_transactions, median_amount, amount_spread, decline_rate);

-- One row per customer: how active they are and, for the churners, when and how they leave.
-- Churn happens all through the history, as in a real portfolio: each Declining customer starts
-- to decline on their own date, spread evenly from the second month of history to the as-of date
-- (the latest are still declining, and can be saved), and the other segments lose a few customers
-- quietly at any time. Before leaving, a customer first moves discretionary and online spend to
-- another card (the warning a bank can see), then stops.
CREATE OR REPLACE TABLE {{ stage }}.behaviour AS
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
  FROM {{ stage }}.BRONZE_CUSTOMERS AS c
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

CREATE OR REPLACE TABLE {{ stage }}.customer_month AS
WITH months AS (
  SELECT
    CAST(m AS INTEGER) AS month_index,
    CAST(DATE '{{ window_start }}' + to_months(CAST(m AS INTEGER)) AS DATE) AS month_start,
    CAST(DATE '{{ window_start }}' + to_months(CAST(m AS INTEGER) + 1) - INTERVAL 1 DAY AS DATE) AS month_end
  FROM range({{ months }}) AS r(m)
),
spans AS (
  SELECT
    b.*, p.segment_index, p.monthly_transactions, p.median_amount, p.amount_spread, p.decline_rate, m.month_index, m.month_start, m.month_end,
    greatest(m.month_start, b.account_open_date) AS active_from,
    -- Nothing after the as-of date, whatever day of the month it is.
    least(m.month_end, DATE '{{ as_of }}', coalesce(b.stop_date - 1, DATE '9999-12-31'), coalesce(b.attrition_date - 1, DATE '9999-12-31')) AS active_to,
    m.month_start + CAST((m.month_end - m.month_start) / 2 AS INTEGER) AS mid_month,
    extract('month' FROM m.month_start) AS calendar_month
  FROM {{ stage }}.behaviour AS b
  JOIN {{ stage }}.segment_profile AS p USING (customer_segment)
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
    customer_id, customer_num, segment_index, median_amount, amount_spread, decline_rate, decline_type, decline_start, decline_days, warning_start,
    month_index, active_from, active_to,
    -- Poisson-like count around the expected count: normal approximation, never negative; a new
    -- account always makes its first purchase in its opening month.
    CAST(greatest(CASE WHEN active_from = account_open_date THEN 1 ELSE 0 END,
                  round(expected_count + sqrt(expected_count) * z(customer_num, month_index, 0, 0, 21))) AS INTEGER) AS transaction_count
  FROM (SELECT *, monthly_transactions * multiplier * active_fraction AS expected_count FROM rates)
) AS counted;
