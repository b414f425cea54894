-- Rolling var('rolling_window_days') (90) day metrics by segment, as of the last transaction day.
-- Added up from the per-customer window sums of SILVER.INT_CUSTOMER_ACTIVITY (50k rows, the same
-- window and as-of date) rather than from the window's ~2M transactions in FCT_TRANSACTIONS; a
-- customer's segment is the one FCT_TRANSACTIONS carries, from STG_BRONZE__CUSTOMERS.
with activity as (
    select * from {{ ref('int_customer_activity') }}
),

as_of as (
    select max(as_of_date) as as_of_date from activity
),

segment_customers as (
    select customer_segment, count(*) as customers
    from {{ ref('dim_customer') }}
    where is_current
    group by customer_segment
),

segment_activity as (
    select
        c.customer_segment,
        count(case when a.transactions_last_90d > 0 then 1 end)               as active_customers,
        sum(a.transactions_last_90d)                                          as approved_transactions,
        sum(a.declined_last_90d)                                              as declined_transactions,
        sum(a.spend_last_90d)                                                 as total_spend
    from activity as a
    left join {{ ref('stg_bronze__customers') }} as c
        on c.customer_id = a.customer_id
    group by c.customer_segment
),

totals as (
    select sum(total_spend) as all_spend from segment_activity
)

select
    s.customer_segment,
    a.as_of_date,
    cast({{ dbt.dateadd('day', 1 - var('rolling_window_days'), 'a.as_of_date') }} as date)     as window_start,
    s.customers,
    coalesce(act.active_customers, 0)                                         as active_customers,
    cast(coalesce(act.approved_transactions, 0) as bigint)                    as transactions_90d,
    cast(coalesce(act.total_spend, 0) as decimal(18, 2))                      as total_spend_90d,
    round(coalesce(act.total_spend, 0) / s.customers, 2)                      as avg_spend_per_customer_90d,
    round(coalesce(act.total_spend, 0) / nullif(act.approved_transactions, 0), 2) as avg_transaction_value_90d,
    round(100.0 * coalesce(act.total_spend, 0) / nullif(tot.all_spend, 0), 2) as spend_share_pct,
    round(100.0 * act.declined_transactions
        / nullif(act.approved_transactions + act.declined_transactions, 0), 2) as decline_rate_pct,
    round(100.0 * coalesce(act.active_customers, 0) / s.customers, 2)         as active_rate_pct
from segment_customers as s
cross join as_of as a
cross join totals as tot
left join segment_activity as act
    on act.customer_segment = s.customer_segment
