-- One row per customer: current profile, spend behaviour, favourite category and channel, and the
-- latest churn score (null until the churn model has run).
-- FCT_TRANSACTIONS is read with ref() in each CTE that needs it: a CTE over it that several CTEs
-- read would be materialised (13.5M rows) by DuckDB.
with customers as (
    select * from {{ ref('dim_customer') }}
    where is_current
),

-- The window boundaries are computed once here, not per transaction row.
as_of as (
    select
        as_of_date,
        cast({{ dbt.dateadd('day', -90, 'as_of_date') }} as date)    as last_90d_after,
        cast({{ dbt.dateadd('day', -180, 'as_of_date') }} as date)   as prior_90d_after
    from (select max(transaction_date) as as_of_date from {{ ref('fct_transactions') }}) as latest
),

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
                 then 1 else 0 end)                                                      as transactions_last_90d
    from {{ ref('fct_transactions') }} as t
    cross join as_of as a
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
    from {{ ref('fct_transactions') }}
    where is_approved
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
),

latest_churn as (
    select
        customer_id,
        churn_probability,
        risk_tier,
        model_version,
        scored_at,
        row_number() over (partition by customer_id order by scored_at desc, model_version desc) as score_rank
    from {{ source('gold', 'churn_predictions') }}
)

select
    c.customer_id,
    c.first_name,
    c.last_name,
    c.email,
    c.age,
    c.state,
    c.city,
    c.employment_status,
    c.card_type,
    c.credit_limit,
    c.account_open_date,
    c.customer_segment,
    c.version_number                                                   as credit_limit_versions,
    coalesce(s.lifetime_transactions, 0)                               as lifetime_transactions,
    coalesce(s.lifetime_spend, 0)                                      as lifetime_spend,
    coalesce(s.declined_transactions, 0)                               as declined_transactions,
    round(s.lifetime_spend / nullif(s.lifetime_transactions, 0), 2)    as avg_transaction_value,
    s.first_transaction_date,
    s.last_transaction_date,
    {{ dbt.datediff('s.last_transaction_date', 'a.as_of_date', 'day') }} as days_since_last_transaction,
    coalesce(s.spend_last_90d, 0)                                      as spend_last_90d,
    coalesce(s.spend_prior_90d, 0)                                     as spend_prior_90d,
    coalesce(s.transactions_last_90d, 0)                               as transactions_last_90d,
    round(100.0 * (s.spend_last_90d - s.spend_prior_90d) / nullif(s.spend_prior_90d, 0), 2) as spend_trend_pct,
    round(100.0 * coalesce(s.spend_last_90d, 0) / nullif(c.credit_limit, 0), 2) as utilisation_90d_pct,
    cat.merchant_category                                              as favourite_category,
    ch.channel                                                         as preferred_channel,
    churn.churn_probability,
    churn.risk_tier                                                    as churn_risk_tier,
    churn.model_version                                                as churn_model_version,
    churn.scored_at                                                    as churn_scored_at
from customers as c
cross join as_of as a
left join spend as s
    on s.customer_id = c.customer_id
left join category_spend as cat
    on cat.customer_id = c.customer_id
   and cat.category_rank = 1
left join channel_use as ch
    on ch.customer_id = c.customer_id
   and ch.channel_rank = 1
left join latest_churn as churn
    on churn.customer_id = c.customer_id
   and churn.score_rank = 1
