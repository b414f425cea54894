-- The at-risk list: scores the customers who can still be saved - those with at least one
-- approved transaction in the {{ active_days }} days up to the as-of date (the last day of
-- history) - with the deployed model, ranks them, and says why each is at risk.
--   churn_probability = 1 / (1 + exp(-score)), score = intercept + sum of coefficient * standardised feature;
--   risk tiers from the score distribution: High = the top {{ high_percent }}% of probabilities,
--   Medium = the next {{ medium_percent }}%, Low = the rest;
--   top_factor_1..3 = the features that raise this customer's score most above the average
--   training row ("high"/"low": the customer's value is above/below that average).
-- Rendered by local-ml/index.ts from the trained coefficients.
create or replace table GOLD.CHURN_PREDICTIONS as
with as_of as (
    select max(transaction_date) as as_of_date
    from GOLD.FCT_TRANSACTIONS
),
-- Each customer's last approved day, as dbt's activity model already holds it (the latest day
-- of an approved transaction), instead of another pass over every transaction.
last_approved as (
    select customer_id, last_transaction_date as last_approved_date
    from SILVER.INT_CUSTOMER_ACTIVITY
    where last_transaction_date is not null
),
active as (
    select l.customer_id, a.as_of_date - l.last_approved_date as days_silent
    from last_approved as l
    cross join as_of as a
    where l.last_approved_date > a.as_of_date - {{ active_days }}
),
scored as (
    select
        f.customer_id,
        a.days_silent,
        1.0 / (1.0 + exp(-least(35.0, greatest(-35.0,
          {{ linear_score }}
        )))) as churn_probability,
{%- for c in contributions %}
        {{ c.label }} as factor_{{ loop.index }},
        {{ c.contribution }} as contribution_{{ loop.index }}{{ "," if not loop.last }}
{%- endfor %}
    from {{ features }} as f
    join active as a on a.customer_id = f.customer_id
    where f.is_scoring_snapshot
),
-- Each customer's positive contributions, largest first (ties by factor name): sorting a short
-- list per customer instead of ranking one row per customer and feature in a window.
top_factors as (
    select
        customer_id,
        list_sort(list_filter([
{%- for c in contributions %}
            {'negated': -contribution_{{ loop.index }}, 'factor': factor_{{ loop.index }}}{{ "," if not loop.last }}
{%- endfor %}
        ], x -> x.negated < 0)) as factors
    from scored
),
ranked as (
    select
        s.customer_id,
        s.churn_probability,
        s.days_silent,
        row_number() over (order by s.churn_probability desc, s.customer_id) as risk_rank,
        count(*) over () as scored_customers
    from scored as s
)
select
    r.customer_id,
    cast(r.churn_probability as double) as churn_probability,
    case
        when r.risk_rank <= ceil({{ high_share }} * r.scored_customers) then 'High'
        when r.risk_rank <= ceil({{ medium_share }} * r.scored_customers) then 'Medium'
        else 'Low'
    end as risk_tier,
    cast(r.risk_rank as integer) as risk_rank,
    cast(r.days_silent as integer) as days_silent,
    t.factors[1].factor as top_factor_1,
    t.factors[2].factor as top_factor_2,
    t.factors[3].factor as top_factor_3,
    '{{ model_version }}' as model_version,
    cast('{{ scored_at }}' as timestamp) as scored_at
from ranked as r
left join top_factors as t on t.customer_id = r.customer_id
order by r.risk_rank
