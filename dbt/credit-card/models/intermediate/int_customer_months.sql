{#-
  The customer-months behind SILVER.INT_CHURN_SNAPSHOTS: one row per customer and calendar month
  with any activity (~800,000 at full scale), the counts, spend and dates the churn features are
  built from. The only pass over FCT_TRANSACTIONS for the churn features; incremental by month
  (rebuilt_months()), so a later run re-aggregates only the latest month's transactions.
-#}
{{ config(materialized='incremental', unique_key='transaction_month', incremental_strategy='delete+insert', on_schema_change='fail') }}

{%- set categories = churn_categories() %}

-- Counts are count(case ...) (a plain integer state, where sum() of 1/0 carries a 128-bit one);
-- the month's category count adds up one flag per category the bank books (churn_categories();
-- validation check 10 holds the data to exactly those), a cheap sum instead of a distinct count
-- over every transaction. Narrow types (integer counts, decimal(18, 2) sums) halve the rows the
-- snapshots' joins hold in memory.
select
    customer_id,
    transaction_month,
    cast(approved_count as integer) as approved_count,
    cast(approved_amount as decimal(18, 2)) as approved_amount,
    cast(declined_count as integer) as declined_count,
    cast(online_count as integer) as online_count,
    cast(mobile_count as integer) as mobile_count,
    {%- for c in categories %}
    case when count_{{ c.suffix }} > 0 then 1 else 0 end {{ '+' if not loop.last else 'as category_count,' }}
    {%- endfor %}
    {%- for c in categories %}
    cast(count_{{ c.suffix }} as integer) as count_{{ c.suffix }},
    {%- endfor %}
    cast(discretionary_count as integer) as discretionary_count,
    last_approved_date,
    first_date,
    last_date
from (
    select
        customer_id,
        transaction_month,
        count(case when is_approved then 1 end) as approved_count,
        sum(case when is_approved then transaction_amount else 0 end) as approved_amount,
        count(case when is_approved then null else 1 end) as declined_count,
        count(case when is_approved and channel = 'Online' then 1 end) as online_count,
        count(case when is_approved and channel = 'Mobile' then 1 end) as mobile_count,
        {%- for c in categories %}
        count(case when is_approved and merchant_category = '{{ c.name }}' then 1 end) as count_{{ c.suffix }},
        {%- endfor %}
        -- The bank's split of spend into essentials and the rest (what a customer moves to
        -- another card first).
        count(case when is_approved and merchant_category not in ('Grocery', 'Gas', 'Utilities', 'Healthcare') then 1 end) as discretionary_count,
        max(case when is_approved then transaction_date end) as last_approved_date,
        min(transaction_date) as first_date,
        max(transaction_date) as last_date
    from {{ ref('fct_transactions') }}
    where {{ rebuilt_months() }}
    group by customer_id, transaction_month
) as by_month
