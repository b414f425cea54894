-- One row per customer: current profile, spend behaviour, favourite category and channel, and the
-- latest churn score (null until the churn model has run).
-- The spend behaviour and favourites come from SILVER.INT_CUSTOMER_ACTIVITY (one row per customer),
-- so this model, which the churn stage rebuilds after publishing scores, reads no transactions.
-- Incremental: a later run computes every row again (50k, from 50k-row inputs) but writes only the
-- customers whose row differs from the stored one (new transactions, a new score); rewriting the
-- whole table was 15 MB of write-ahead log per run. Customers are never removed (a new warehouse
-- is built with --full-refresh, which the pipeline always does), so no stored row goes missing.
{{ config(materialized='incremental', unique_key='customer_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

with customers as (
    select * from {{ ref('dim_customer') }}
    where is_current
),

-- The last day of history, as INT_CUSTOMER_ACTIVITY saw it (every row holds it).
as_of as (
    select max(as_of_date) as as_of_date from {{ ref('int_customer_activity') }}
),

activity as (
    select * from {{ ref('int_customer_activity') }}
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
),

profile as (
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
        s.favourite_category,
        s.preferred_channel,
        churn.churn_probability,
        churn.risk_tier                                                    as churn_risk_tier,
        churn.model_version                                                as churn_model_version,
        churn.scored_at                                                    as churn_scored_at
    from customers as c
    cross join as_of as a
    left join activity as s
        on s.customer_id = c.customer_id
    left join latest_churn as churn
        on churn.customer_id = c.customer_id
       and churn.score_rank = 1
)
{%- if is_incremental() %},

changed as (
    select * from profile
    except
    select * from {{ this }}
)
{%- endif %}

select * from {{ 'changed' if is_incremental() else 'profile' }}
