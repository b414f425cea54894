-- One day of health scores (the local body of sfe_daily_churn_scoring_task): every subscriber
-- active on {{ score_date }} (signed up before it, not cancelled before it), scored with the
-- deployed model {{ model_version }}, replacing whatever that day held (re-running a day replaces
-- it; another day is added beside the earlier ones).
--   features: exactly as dbt/media/models/ml/fct_churn_training.sql computes them for an
--   observation date, from the data before the score date: FCT_ENGAGEMENT_DAILY (the last 30 and
--   7 days, the days read, and the last day read), DIM_SUBSCRIBERS (signup, tenure), the support tickets of the
--   last 90 days (all, billing, rated 1-2 once resolved, still open on the day) and the plan downgrades;
--   churn_risk_score = 1 / (1 + exp(-score)), score = intercept + sum of coefficient * standardised feature;
--   risk_tier: High >= {{ high }}, Medium >= {{ medium }}, Low below (fixed cut-offs, so that days compare).
-- Rendered by local-ml/index.ts from the deployed model's coefficients.
delete from SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES
where score_date = cast('{{ score_date }}' as date);

insert into SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES
    (subscriber_id, score_date, churn_risk_score, risk_tier, model_version, scored_at)
with score_day as (
    select cast('{{ score_date }}' as date) as d
),
history as (
    select min(activity_date) as history_start
    from SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY
),
cancels as (
    select subscriber_id, min(event_timestamp) as cancelled_at
    from SFE_ANALYTICS_MEDIA.INT_SUBSCRIPTION_EVENTS
    where event_type = 'cancel'
    group by subscriber_id
),
active as (
    select s.subscriber_id, date_diff('day', s.signup_date, sd.d) as tenure_days
    from SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS as s
    cross join score_day as sd
    left join cancels as c on c.subscriber_id = s.subscriber_id
    where s.signup_date < sd.d
        and (c.cancelled_at is null or c.cancelled_at >= sd.d)
),
reading as (
    select
        e.subscriber_id,
        sum(case when e.activity_date >= sd.d - interval 30 day then e.engagement_score else 0 end) as engagement_sum_30d,
        sum(case when e.activity_date >= sd.d - interval 7 day then e.engagement_score else 0 end) as engagement_sum_7d,
        sum(case when e.activity_date >= sd.d - interval 30 day then e.articles_viewed else 0 end) as articles_viewed_30d,
        sum(case when e.activity_date >= sd.d - interval 7 day then e.articles_viewed else 0 end) as articles_viewed_7d,
        sum(case when e.activity_date >= sd.d - interval 30 day then 1 else 0 end) as reading_days_30d,
        max(e.activity_date) as last_read_date
    from SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY as e
    cross join score_day as sd
    where e.activity_date < sd.d
    group by e.subscriber_id
),
tickets as (
    select
        t.subscriber_id,
        count(*) as tickets_90d,
        sum(case when t.created_date >= sd.d - interval 30 day then 1 else 0 end) as tickets_30d,
        sum(case when t.created_date >= sd.d - interval 30 day and t.category = 'billing' then 1 else 0 end) as billing_tickets_30d,
        -- A rating is known once the ticket is resolved, so only tickets resolved before the day count.
        sum(case when t.created_date >= sd.d - interval 30 day and t.resolved_at < sd.d and t.satisfaction_score <= 2 then 1 else 0 end)
            as low_satisfaction_tickets_30d,
        sum(case when t.resolved_at is null or t.resolved_at >= sd.d then 1 else 0 end) as open_tickets
    from SFE_ANALYTICS_MEDIA.INT_SUPPORT_TICKETS as t
    cross join score_day as sd
    where t.created_date < sd.d
        and t.created_date >= sd.d - interval 90 day
    group by t.subscriber_id
),
downgrades as (
    select e.subscriber_id, count(*) as downgrades_90d
    from SFE_ANALYTICS_MEDIA.INT_SUBSCRIPTION_EVENTS as e
    cross join score_day as sd
    where e.event_type = 'downgrade'
        and e.event_timestamp < sd.d
        and e.event_timestamp >= sd.d - interval 90 day
    group by e.subscriber_id
),
features as (
    select
        a.subscriber_id,
        cast(coalesce(r.engagement_sum_30d, 0) / least(30, a.tenure_days) as decimal(5, 2)) as engagement_score,
        cast(coalesce(r.engagement_sum_7d, 0) / least(7, a.tenure_days) as decimal(5, 2)) as engagement_score_7d,
        cast(coalesce(r.articles_viewed_30d, 0) as integer) as articles_viewed_30d,
        cast(coalesce(r.articles_viewed_7d, 0) as integer) as articles_viewed_7d,
        cast(coalesce(r.reading_days_30d, 0) as integer) as reading_days_30d,
        cast(coalesce(date_diff('day', r.last_read_date, sd.d), date_diff('day', h.history_start, sd.d)) as integer) as days_since_last_read,
        cast(coalesce(t.tickets_90d, 0) as integer) as support_tickets_count,
        cast(coalesce(t.tickets_30d, 0) as integer) as support_tickets_30d,
        cast(coalesce(t.billing_tickets_30d, 0) as integer) as billing_tickets_30d,
        cast(coalesce(t.low_satisfaction_tickets_30d, 0) as integer) as low_satisfaction_tickets_30d,
        cast(coalesce(t.open_tickets, 0) as integer) as open_tickets_at_observation,
        cast(coalesce(g.downgrades_90d, 0) as integer) as downgrades_90d,
        cast(a.tenure_days as integer) as subscription_tenure_days
    from active as a
    cross join score_day as sd
    cross join history as h
    left join reading as r on r.subscriber_id = a.subscriber_id
    left join tickets as t on t.subscriber_id = a.subscriber_id
    left join downgrades as g on g.subscriber_id = a.subscriber_id
),
scored as (
    select
        subscriber_id,
        1.0 / (1.0 + exp(-least(35.0, greatest(-35.0,
          {{ linear_score }}
        )))) as churn_risk_score
    from features
)
select
    subscriber_id,
    cast('{{ score_date }}' as date) as score_date,
    cast(churn_risk_score as double) as churn_risk_score,
    case
        when churn_risk_score >= {{ high }} then 'High'
        when churn_risk_score >= {{ medium }} then 'Medium'
        else 'Low'
    end as risk_tier,
    '{{ model_version }}' as model_version,
    cast('{{ scored_at }}' as timestamp) as scored_at
from scored
order by subscriber_id;
