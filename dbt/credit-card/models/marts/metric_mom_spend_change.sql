-- Month-over-month approved spend, per segment and for all customers ('All').
-- Incremental by month (rebuilt_months()): a later run recomputes the latest months, reading them
-- and the month before (the previous month's spend).
{{ config(materialized='incremental', unique_key='transaction_month', incremental_strategy='delete+insert', on_schema_change='fail') }}

{%- set read_months = "where transaction_month >= (select cast(" ~ dbt.dateadd('month', -1, 'max(transaction_month)') ~ " as date) from " ~ this ~ ")" if is_incremental() else "" %}

with by_segment as (
    select
        transaction_month,
        customer_segment,
        sum(total_spend)                as total_spend,
        cast(sum(transactions) as bigint) as transactions,
        count(*)                        as active_customers
    from {{ ref('int_customer_monthly_spend') }}
    {{ read_months }}
    group by transaction_month, customer_segment
),

overall as (
    select
        transaction_month,
        'All'                           as customer_segment,
        sum(total_spend)                as total_spend,
        cast(sum(transactions) as bigint) as transactions,
        count(*)                        as active_customers
    from {{ ref('int_customer_monthly_spend') }}
    {{ read_months }}
    group by transaction_month
),

monthly as (
    select * from by_segment
    union all
    select * from overall
),

with_previous as (
    select
        *,
        lag(total_spend) over (partition by customer_segment order by transaction_month) as previous_month_spend
    from monthly
)

select
    transaction_month,
    customer_segment,
    cast(total_spend as decimal(18, 2))                                                  as total_spend,
    transactions,
    active_customers,
    cast(previous_month_spend as decimal(18, 2))                                         as previous_month_spend,
    cast(total_spend - previous_month_spend as decimal(18, 2))                           as spend_change,
    round(100.0 * (total_spend - previous_month_spend) / nullif(previous_month_spend, 0), 2) as mom_change_pct
from with_previous
where {{ rebuilt_months() }}
