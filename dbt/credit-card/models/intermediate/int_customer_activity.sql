-- One row per customer with any transaction: spend behaviour (lifetime, last 90 days, the 90 days
-- before) and the favourite category and channel. CUSTOMER_360_PROFILE joins this instead of
-- aggregating FCT_TRANSACTIONS itself, so rebuilding the profile after the churn model publishes
-- new scores reads 50k rows, not 11M.
-- FCT_TRANSACTIONS is read with ref() in each CTE that needs it: a CTE over it that several CTEs
-- read would be materialised (13.5M rows) by DuckDB.

-- Incremental: a later run rebuilds the customers with a transaction id above the highest one it
-- has seen (last_transaction_id), or every customer when the as-of date moved (the 90-day windows
-- move with it); the unique key replaces their rows.
{{ config(materialized='incremental', unique_key='customer_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

{%- set only_rebuilt = "and t.customer_id in (select customer_id from rebuilt_customers)" if is_incremental() else "" %}

-- The window boundaries are computed once here, not per transaction row.
with as_of as (
    select
        as_of_date,
        cast({{ dbt.dateadd('day', -90, 'as_of_date') }} as date)    as last_90d_after,
        cast({{ dbt.dateadd('day', -180, 'as_of_date') }} as date)   as prior_90d_after
    from (select max(transaction_date) as as_of_date from {{ ref('fct_transactions') }}) as latest
),
{%- if is_incremental() %}

rebuilt_customers as (
    select distinct customer_id
    from {{ ref('fct_transactions') }}
    where transaction_id > (select max(last_transaction_id) from {{ this }})
    union
    select customer_id
    from {{ this }}
    where as_of_date <> (select as_of_date from as_of)
),
{%- endif %}

spend as (
    select
        t.customer_id,
        sum(case when t.is_approved then 1 else 0 end)                                   as lifetime_transactions,
        sum(case when t.is_approved then t.transaction_amount else 0 end)                as lifetime_spend,
        sum(case when t.is_approved then 0 else 1 end)                                   as declined_transactions,
        min(case when t.is_approved then t.transaction_date end)                         as first_transaction_date,
        max(case when t.is_approved then t.transaction_date end)                         as last_transaction_date,
        sum(case when t.is_approved
                  and t.transaction_date > a.last_90d_after
                 then t.transaction_amount else 0 end)                                   as spend_last_90d,
        sum(case when t.is_approved
                  and t.transaction_date > a.prior_90d_after
                  and t.transaction_date <= a.last_90d_after
                 then t.transaction_amount else 0 end)                                   as spend_prior_90d,
        sum(case when t.is_approved
                  and t.transaction_date > a.last_90d_after
                 then 1 else 0 end)                                                      as transactions_last_90d,
        max(t.transaction_id)                                                            as last_transaction_id
    from {{ ref('fct_transactions') }} as t
    cross join as_of as a
    where 1 = 1 {{ only_rebuilt }}
    group by t.customer_id
),

-- One pass for both favourites: approved activity per customer x category x channel.
activity_mix as (
    select
        customer_id,
        merchant_category,
        channel,
        count(*)                    as transactions,
        sum(transaction_amount)     as spend
    from {{ ref('fct_transactions') }} as t
    where is_approved {{ only_rebuilt }}
    group by customer_id, merchant_category, channel
),

category_spend as (
    select
        customer_id,
        merchant_category,
        row_number() over (
            partition by customer_id
            order by sum(spend) desc, merchant_category
        ) as category_rank
    from activity_mix
    group by customer_id, merchant_category
),

channel_use as (
    select
        customer_id,
        channel,
        row_number() over (
            partition by customer_id
            order by sum(transactions) desc, channel
        ) as channel_rank
    from activity_mix
    group by customer_id, channel
)

select
    s.customer_id,
    s.lifetime_transactions,
    s.lifetime_spend,
    s.declined_transactions,
    s.first_transaction_date,
    s.last_transaction_date,
    s.spend_last_90d,
    s.spend_prior_90d,
    s.transactions_last_90d,
    cat.merchant_category                                              as favourite_category,
    ch.channel                                                         as preferred_channel,
    s.last_transaction_id,
    a.as_of_date
from spend as s
cross join as_of as a
left join category_spend as cat
    on cat.customer_id = s.customer_id
   and cat.category_rank = 1
left join channel_use as ch
    on ch.customer_id = s.customer_id
   and ch.channel_rank = 1
