-- One row per customer with any transaction: spend behaviour (lifetime, last 90 days, the 90 days
-- before) and the favourite category and channel. CUSTOMER_360_PROFILE joins this instead of
-- aggregating FCT_TRANSACTIONS itself, so rebuilding the profile after the churn model publishes
-- new scores reads 50k rows, not 11M. The lifetime figures and the favourites add up
-- SILVER.INT_CUSTOMER_MONTHS; only the last 180 days are read from FCT_TRANSACTIONS.
{%- set categories = churn_categories() %}
{%- set channels = [{'name': 'Online', 'suffix': 'online'}, {'name': 'In-Store', 'suffix': 'in_store'}, {'name': 'Mobile', 'suffix': 'mobile'}] %}

-- The window boundaries are computed once here, not per transaction row.
with as_of as (
    select
        cast({{ dbt.dateadd('day', -90, 'as_of_date') }} as date)    as last_90d_after,
        cast({{ dbt.dateadd('day', -180, 'as_of_date') }} as date)   as prior_90d_after
    from (select max(transaction_date) as as_of_date from {{ ref('fct_transactions') }}) as latest
),

-- Per customer, over every month: read by the lifetime columns and both favourites.
lifetime as (
    select
        customer_id,
        sum(approved_count)                     as lifetime_transactions,
        sum(approved_amount)                    as lifetime_spend,
        sum(declined_count)                     as declined_transactions,
        min(first_approved_date)                as first_transaction_date,
        max(last_approved_date)                 as last_transaction_date,
        {%- for c in categories %}
        sum(count_{{ c.suffix }})               as count_{{ c.suffix }},
        sum(spend_{{ c.suffix }})               as spend_{{ c.suffix }},
        {%- endfor %}
        {%- for ch in channels %}
        sum({{ ch.suffix }}_count)              as {{ ch.suffix }}_count{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_customer_months') }}
    group by customer_id
),

recent as (
    select
        t.customer_id,
        sum(case when t.is_approved
                  and t.transaction_date > a.last_90d_after
                 then t.transaction_amount else 0 end)                                   as spend_last_90d,
        sum(case when t.is_approved
                  and t.transaction_date <= a.last_90d_after
                 then t.transaction_amount else 0 end)                                   as spend_prior_90d,
        sum(case when t.is_approved
                  and t.transaction_date > a.last_90d_after
                 then 1 else 0 end)                                                      as transactions_last_90d
    from {{ ref('fct_transactions') }} as t
    cross join as_of as a
    where t.transaction_date > a.prior_90d_after
    group by t.customer_id
),

-- Favourites: the category with the most approved spend, the channel with the most approved
-- transactions (ties to the first name), among those the customer used.
category_spend as (
    select
        customer_id,
        merchant_category,
        row_number() over (partition by customer_id order by spend desc, merchant_category) as category_rank
    from (
        {%- for c in categories %}
        select customer_id, '{{ c.name }}' as merchant_category, spend_{{ c.suffix }} as spend
        from lifetime
        where count_{{ c.suffix }} > 0
        {{ 'union all' if not loop.last }}
        {%- endfor %}
    ) as by_category
),

channel_use as (
    select
        customer_id,
        channel,
        row_number() over (partition by customer_id order by transactions desc, channel) as channel_rank
    from (
        {%- for ch in channels %}
        select customer_id, '{{ ch.name }}' as channel, {{ ch.suffix }}_count as transactions
        from lifetime
        where {{ ch.suffix }}_count > 0
        {{ 'union all' if not loop.last }}
        {%- endfor %}
    ) as by_channel
)

select
    l.customer_id,
    l.lifetime_transactions,
    l.lifetime_spend,
    l.declined_transactions,
    l.first_transaction_date,
    l.last_transaction_date,
    coalesce(r.spend_last_90d, 0)                                      as spend_last_90d,
    coalesce(r.spend_prior_90d, 0)                                     as spend_prior_90d,
    coalesce(r.transactions_last_90d, 0)                               as transactions_last_90d,
    cat.merchant_category                                              as favourite_category,
    ch.channel                                                         as preferred_channel
from lifetime as l
left join recent as r
    on r.customer_id = l.customer_id
left join category_spend as cat
    on cat.customer_id = l.customer_id
   and cat.category_rank = 1
left join channel_use as ch
    on ch.customer_id = l.customer_id
   and ch.channel_rank = 1
