-- Transactions for BRONZE.BRONZE_TRANSACTIONS, generated set-based inside DuckDB from the
-- customer-months customer_months.sql prepared (its u() and z() macros included).
-- Rendered with nunjucks by generate/index.ts (segment and merchant tables come from segments.ts).
-- Runs inside the generation transaction: on Ctrl-C or a crash the previous bronze data stays.

-- Picks the 1-based index of the first cumulative threshold above the draw (the last index when
-- none is): a weighted choice. A CASE chain, where a list_filter lambda ran several times slower.
{% macro weighted_pick(thresholds, draw) -%}
CASE{% for t in thresholds %} WHEN {{ draw }} < {{ t }}::DOUBLE THEN {{ loop.index }}{% endfor %} ELSE {{ thresholds | length + 1 }} END
{%- endmacro %}

-- Every transaction, written in id order without a sort: customer_month is stored in
-- (customer, month) order, unnest() numbers each customer-month's rows in place, and every step
-- after it keeps the order (projections only: the segment and category tables are constants
-- here, not joins, and list_contains() where IN (...) would plan a join). Consecutive ids are what
-- DuckDB stores in next to no space.
CREATE OR REPLACE TABLE BRONZE.BRONZE_TRANSACTIONS AS
WITH numbered AS (
  SELECT * EXCLUDE (row_number), CAST(row_number AS INTEGER) AS k
  FROM (SELECT cm.*, unnest(range(cm.transaction_count)) AS row_number FROM {{ stage }}.customer_month AS cm)
),
-- Each draw is computed once per row, in its own column, before the choices that compare it.
expanded AS (
  SELECT
    n.*,
    u(customer_num, month_index, k, 0, 31) AS u_category,
    u(customer_num, month_index, k, 0, 32) AS u_channel,
    u(customer_num, month_index, k, 0, 33) AS u_merchant,
    z(customer_num, month_index, k, 0, 34) AS z_amount,
    u(customer_num, month_index, k, 0, 37) AS u_status,
    CAST(active_from AS TIMESTAMP)
      + to_seconds(CAST(floor(u(customer_num, month_index, k, 0, 36) * (active_to - active_from + 1) * 86400) AS BIGINT)) AS transaction_ts
  FROM numbered AS n
),
drawn AS (
  SELECT
    e.*,
    CASE segment_index
{%- for s in segments %}
      WHEN {{ loop.index }} THEN {{ weighted_pick(s.categoryThresholds, 'e.u_category') }}
{%- endfor %}
    END AS drawn_category_index,
    CASE segment_index
{%- for s in segments %}
      WHEN {{ loop.index }} THEN {{ weighted_pick(s.channelThresholds, 'e.u_channel') }}
{%- endfor %}
    END AS drawn_channel_index
  FROM expanded AS e
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
    END AS move_probability
  FROM drawn AS d
),
shifted AS (
  SELECT
    w.*,
    -- Only a churner's draws can move a purchase (move_probability is 0 for everyone else).
    CASE
      WHEN move_probability > 0 AND list_contains([{{ discretionary_indexes }}], drawn_category_index) AND u(customer_num, month_index, k, 0, 38) < move_probability
        THEN [{{ essential_indexes }}][{{ weighted_pick(essential_thresholds, 'u(customer_num, month_index, k, 0, 39)') }}]
      ELSE drawn_category_index
    END AS category_index,
    CASE
      WHEN move_probability > 0 AND drawn_channel_index <> 2 AND u(customer_num, month_index, k, 0, 40) < move_probability THEN 2
      ELSE drawn_channel_index
    END AS channel_index
  FROM warned AS w
)
SELECT
  first_transaction_id + k AS transaction_id,
  customer_id,
  transaction_ts AS transaction_date,
  CAST(least(9999.99, greatest(1.00, exp(ln(median_amount * [{{ amount_factors }}][category_index]) + amount_spread * z_amount))) AS DECIMAL(10, 2)) AS transaction_amount,
  -- Popular merchants first: a skewed pick towards the head of each category's list.
  [{{ merchants }}][[{{ merchant_offsets }}][category_index] + 1 + CAST(floor([{{ merchant_counts }}][category_index] * pow(u_merchant, 1.6)) AS INTEGER)] AS merchant_name,
  [{{ category_names }}][category_index] AS merchant_category,
  ['Online', 'In-Store', 'Mobile'][channel_index] AS channel,
  CASE WHEN u_status < decline_rate THEN 'declined' ELSE 'approved' END AS status
FROM shifted;
