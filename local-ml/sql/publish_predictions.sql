-- Scores every current customer (the scoring snapshot of FCT_CHURN_TRAINING) with the deployed
-- logistic model: probability = 1 / (1 + exp(-score)), score = intercept + sum of
-- coefficient * standardised feature. Rendered by local-ml/publish.ts from the trained coefficients.
create or replace table GOLD.CHURN_PREDICTIONS as
with scored as (
    select
        customer_id,
        1.0 / (1.0 + exp(-least(35.0, greatest(-35.0,
          {{ linear_score }}
        )))) as churn_probability
    from {{ features }}
    where is_scoring_snapshot
)
select
    customer_id,
    cast(churn_probability as double) as churn_probability,
    case
        when churn_probability >= {{ high_cutoff }} then 'High'
        when churn_probability >= {{ medium_cutoff }} then 'Medium'
        else 'Low'
    end as risk_tier,
    '{{ model_version }}' as model_version,
    cast('{{ scored_at }}' as timestamp) as scored_at
from scored
order by customer_id
