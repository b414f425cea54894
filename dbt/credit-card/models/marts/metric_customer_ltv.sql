-- Customer lifetime value: historic approved spend, average per month of tenure inside the
-- observed window, a 12-month projection and an LTV quartile (1 = top 25%).
with customers as (
    select customer_id, customer_segment, account_open_date
    from {{ ref('dim_customer') }}
    where is_current
),

-- The first and last day of history, from the customer-months (800k rows, not the 11M transactions).
window_bounds as (
    select min(first_date) as first_date, max(last_date) as as_of_date
    from {{ ref('int_customer_months') }}
),

spend as (
    select
        customer_id,
        -- 64-bit, like the monthly spend it adds up (see INT_CUSTOMER_MONTHLY_SPEND).
        cast(sum(total_spend) as decimal(18, 2)) as lifetime_value,
        cast(sum(transactions) as bigint)       as lifetime_transactions,
        count(*)                                as active_months
    from {{ ref('int_customer_monthly_spend') }}
    group by customer_id
),

tenure as (
    select
        c.customer_id,
        c.customer_segment,
        c.account_open_date,
        {{ dbt.datediff(
            'case when c.account_open_date > w.first_date then c.account_open_date else w.first_date end',
            'w.as_of_date', 'month') }} + 1     as observed_months
    from customers as c
    cross join window_bounds as w
),

valued as (
    select
        t.customer_id,
        t.customer_segment,
        t.account_open_date,
        t.observed_months,
        coalesce(s.active_months, 0)                                   as active_months,
        coalesce(s.lifetime_transactions, 0)                           as lifetime_transactions,
        coalesce(s.lifetime_value, 0)                                  as lifetime_value,
        round(coalesce(s.lifetime_value, 0) / t.observed_months, 2)    as avg_monthly_value
    from tenure as t
    left join spend as s
        on s.customer_id = t.customer_id
)

select
    customer_id,
    customer_segment,
    account_open_date,
    observed_months,
    active_months,
    lifetime_transactions,
    lifetime_value,
    avg_monthly_value,
    round(avg_monthly_value * 12, 2)                                   as projected_annual_value,
    ntile(4) over (order by lifetime_value desc, customer_id)          as ltv_quartile
from valued
