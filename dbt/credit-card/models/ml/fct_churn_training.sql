{#-
  FCT_CHURN_TRAINING: the churn model's feature table (docs/churn.md).

  One row per customer per observation date ("cutoff"); cutoffs are the first days of months, so
  "the month before the cutoff" is a whole calendar month (28-31 days):
    * training rows: every month start that has three full months of history before it and whose
      own month lies fully inside the history, for customers active at the cutoff (at least one
      approved transaction in the calendar month before it), labelled;
    * one scoring row per current customer at the day after the as-of date when that starts a
      month (the default as-of is a month end), else at the start of the as-of month, so its
      "last month" is a whole month too; label NULL.

  Every feature reads only the three calendar months before cutoff_date (the last 30/60/90 days,
  as calendar months: 28-31, 59-62 and 89-92 days). The label reads only the calendar month
  starting at the cutoff:
    churned_next_month = 1 when the customer has no approved transaction in
    [cutoff_date, cutoff_date + 1 month), 0 otherwise.

  No column the generator alone knows (customer_segment, decline_type) is in this table: the
  features are what a bank sees on its own books.

  A view over SILVER.INT_CHURN_SNAPSHOTS (the counts, sums and dates per customer and cutoff, built
  from customer-months): the ratios are computed when read, a projection over ~700,000 rows, and
  the warehouse stores small integers instead of forty columns of doubles. Standard dbt SQL plus
  the cross-database macros, so real dbt on DuckDB and Snowflake and the built-in runner render the
  same files.
-#}
{{ config(materialized='view') }}

{%- set categories = churn_categories() %}

with assembled as (
    select * from {{ ref('int_churn_snapshots') }}
)

select
    customer_id || '|' || cast(cutoff_date as varchar) as churn_snapshot_id,
    customer_id,
    cutoff_date,
    is_scoring_snapshot,
    card_type,
    cast(tenure_days as integer) as tenure_days,
    cast(tx_count_1m as integer) as tx_count_1m,
    cast(tx_count_3m as integer) as tx_count_3m,
    cast(days_since_last_tx as integer) as days_since_last_tx,
    cast(spend_1m as double) as spend_1m,
    cast(spend_3m as double) as spend_3m,
    cast(case when tx_count_3m > 0 then spend_3m / tx_count_3m else 0 end as double) as avg_amount_3m,
    cast(case when tx_count_1m > 0 then spend_1m / tx_count_1m else 0 end as double) as avg_amount_1m,
    cast(category_count_1m as integer) as category_count_1m,
    -- Spend trend: the last month (two months) against the three-month monthly rate; 1 = steady, 0 = stopped.
    cast(case when spend_3m > 0 then 3.0 * spend_1m / spend_3m else 0 end as double) as spend_trend_1m_3m,
    cast(case when spend_3m > 0 then 1.5 * spend_2m / spend_3m else 0 end as double) as spend_trend_2m_3m,
    cast(case when spend_2m > 0 then 2.0 * spend_1m / spend_2m else 0 end as double) as spend_trend_1m_2m,
    cast(case when attempt_count_3m > 0 then 1.0 * declined_count_3m / attempt_count_3m else 0 end as double) as decline_rate_3m,
    cast(case when tx_count_1m + declined_count_1m > 0 then 1.0 * declined_count_1m / (tx_count_1m + declined_count_1m) else 0 end as double) as decline_rate_1m,
    -- Channel and category mix: shares of last month's approved purchases; the shifts are a
    -- share minus the same share over the two months before (0 when either is empty).
    cast(case when tx_count_1m > 0 then 1.0 * online_count_1m / tx_count_1m else 0 end as double) as online_share_1m,
    cast(case when tx_count_1m > 0 and tx_count_prior > 0
              then 1.0 * online_count_1m / tx_count_1m - 1.0 * online_count_prior / tx_count_prior else 0 end as double) as online_share_shift,
    cast(case when tx_count_1m > 0 then 1.0 * mobile_count_1m / tx_count_1m else 0 end as double) as mobile_share_1m,
    cast(case when tx_count_1m > 0 and tx_count_prior > 0
              then 1.0 * mobile_count_1m / tx_count_1m - 1.0 * mobile_count_prior / tx_count_prior else 0 end as double) as mobile_share_shift,
    {%- for c in categories %}
    cast(case when tx_count_1m > 0 then 1.0 * count_{{ c.suffix }}_1m / tx_count_1m else 0 end as double) as share_{{ c.suffix }}_1m,
    cast(case when tx_count_1m > 0 and tx_count_prior > 0
              then 1.0 * count_{{ c.suffix }}_1m / tx_count_1m - 1.0 * count_{{ c.suffix }}_prior / tx_count_prior else 0 end as double) as share_{{ c.suffix }}_shift,
    {%- endfor %}
    cast(case when tx_count_1m > 0 and tx_count_prior > 0
              then 1.0 * discretionary_count_1m / tx_count_1m - 1.0 * discretionary_count_prior / tx_count_prior else 0 end as double) as discretionary_share_shift,
    cast(credit_limit_at_cutoff as double) as credit_limit_at_cutoff,
    cast(case when credit_limit_at_cutoff > 0 then spend_1m / credit_limit_at_cutoff else 0 end as double) as credit_utilisation_1m,
    case
        when is_scoring_snapshot then cast(null as integer)
        when approved_count_next_month = 0 then 1
        else 0
    end as churned_next_month
from assembled
