-- Post-aggregation reasonableness: on every observation date the label's churn rate lies between
-- 0.5% and 20% (the generator's monthly cancel rate is a few percent), and there are both splits.
with rates as (
    select observation_date, split, avg(1.0 * churned) as churn_rate, count(*) as subscribers
    from {{ ref('fct_churn_training') }}
    group by observation_date, split
)
select observation_date, split, churn_rate, subscribers
from rates
where churn_rate < 0.005 or churn_rate > 0.20
union all
select null, 'missing split', null, null
from (select count(distinct split) as splits from {{ ref('fct_churn_training') }}) as s
where splits <> 2
