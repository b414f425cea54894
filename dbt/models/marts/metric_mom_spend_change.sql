-- Month-over-month approved spend, per segment and for all customers ('All').
with transactions as (
    select * from {{ ref('fct_transactions') }}
    where is_approved
),

by_segment as (
    select
        transaction_month,
        customer_segment,
        sum(transaction_amount)         as total_spend,
        count(*)                        as transactions,
        count(distinct customer_id)     as active_customers
    from transactions
    group by transaction_month, customer_segment
),

overall as (
    select
        transaction_month,
        'All'                           as customer_segment,
        sum(transaction_amount)         as total_spend,
        count(*)                        as transactions,
        count(distinct customer_id)     as active_customers
    from transactions
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
    total_spend,
    transactions,
    active_customers,
    previous_month_spend,
    total_spend - previous_month_spend                                                   as spend_change,
    round(100.0 * (total_spend - previous_month_spend) / nullif(previous_month_spend, 0), 2) as mom_change_pct
from with_previous
