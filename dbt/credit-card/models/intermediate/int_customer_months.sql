{#-
  One row per customer and calendar month with any transaction (~800,000 at full scale): the one
  pass over FCT_TRANSACTIONS that the churn snapshots, the monthly spend metrics and the profile's
  lifetime figures and favourites all read, instead of each aggregating 11M rows again.
  Counts are count(case ...) (a plain integer state, where sum() of 1/0 carries a 128-bit one);
  the category columns cover the categories the bank books (churn_categories(); validation check
  10 holds the data to exactly those). Spend sums are stored as decimal(18, 2): DuckDB reads the
  128-bit decimal(38, 2) a plain sum() gives back about twenty times slower.

  Incremental: a later run re-aggregates only the months from the last one already here onwards
  (new transactions arrive on the latest day, as FCT_TRANSACTIONS assumes); the unique key
  replaces those months' rows.
-#}
{{
    config(
        materialized='incremental',
        unique_key=['customer_id', 'month_start'],
        on_schema_change='fail'
    )
}}
{%- set categories = churn_categories() %}
select
    customer_id,
    customer_segment,
    transaction_month as month_start,
    count(case when is_approved then 1 end) as approved_count,
    cast(sum(case when is_approved then transaction_amount else 0 end) as decimal(18, 2)) as approved_amount,
    count(case when is_approved then null else 1 end) as declined_count,
    count(case when is_approved and channel = 'Online' then 1 end) as online_count,
    count(case when is_approved and channel = 'Mobile' then 1 end) as mobile_count,
    count(case when is_approved and channel = 'In-Store' then 1 end) as in_store_count,
    {%- for c in categories %}
    count(case when is_approved and merchant_category = '{{ c.name }}' then 1 end) as count_{{ c.suffix }},
    cast(sum(case when is_approved and merchant_category = '{{ c.name }}' then transaction_amount end) as decimal(18, 2)) as spend_{{ c.suffix }},
    {%- endfor %}
    -- The bank's split of spend into essentials and the rest (what a customer moves to another
    -- card first).
    count(case when is_approved and merchant_category not in ('Grocery', 'Gas', 'Utilities', 'Healthcare') then 1 end) as discretionary_count,
    min(case when is_approved then transaction_date end) as first_approved_date,
    max(case when is_approved then transaction_date end) as last_approved_date,
    max(transaction_date) as last_date
from {{ ref('fct_transactions') }}
{% if is_incremental() %}
where transaction_month >= (select max(month_start) from {{ this }})
{% endif %}
group by customer_id, customer_segment, transaction_month
