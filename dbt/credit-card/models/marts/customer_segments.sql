-- Rolling var('rolling_window_days') (90) day metrics by segment, as of the last transaction day.
with as_of as (
    select
        as_of_date,
        cast({{ dbt.dateadd('day', -var('rolling_window_days'), 'as_of_date') }} as date) as window_after
    from (select max(transaction_date) as as_of_date from {{ ref('fct_transactions') }}) as latest
),

window_transactions as (
    select t.*
    from {{ ref('fct_transactions') }} as t
    cross join as_of as a
    where t.transaction_date > a.window_after
),

segment_customers as (
    select customer_segment, count(*) as customers
    from {{ ref('dim_customer') }}
    where is_current
    group by customer_segment
),

segment_activity as (
    select
        customer_segment,
        count(distinct case when is_approved then customer_id end)             as active_customers,
        sum(case when is_approved then 1 else 0 end)                          as approved_transactions,
        sum(case when is_approved then 0 else 1 end)                          as declined_transactions,
        sum(case when is_approved then transaction_amount else 0 end)         as total_spend
    from window_transactions
    group by customer_segment
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
    coalesce(act.approved_transactions, 0)                                    as transactions_90d,
    coalesce(act.total_spend, 0)                                              as total_spend_90d,
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
