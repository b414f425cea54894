{#-
  FCT_CHURN_TRAINING (seed: "refreshed weekly"): the churn classifier's training table, one row per
  subscriber and weekly observation date, for the subscribers active on that date (subscribed
  before it, not cancelled before it).

  Observation dates: every 7 days back from the last date whose label horizon lies fully inside the
  history (as-of date + 1 - churn_horizon_days), down to the first with 30 days of reading history
  before it. With the generator's 90 days that is 5 dates. The earlier 80% of them (by date) are
  split 'train', the later 20% 'test': the classifier is judged on weeks it never saw.

  Every feature reads only data dated before observation_date (a ticket's satisfaction rating only
  once it was resolved before the date; a ticket's resolution only if it came before); the label only the
  churn_horizon_days from it on:
    churned = 1 when the subscriber's cancel event falls in [observation_date, observation_date + 30 days).
-#}
{%- set horizon = var('churn_horizon_days') | int %}

with daily as (
    select * from {{ ref('fct_engagement_daily') }}
),

bounds as (
    select
        min(activity_date) as history_start,
        cast({{ dbt.dateadd('day', 30, 'min(activity_date)') }} as date) as first_observation_date,
        cast({{ dbt.dateadd('day', 1 - horizon, as_of_date()) }} as date) as last_observation_date
    from daily
),

-- Taken from the days with reading (every day of the history has some at any scale), so no
-- date spine is needed.
observation_dates as (
    select distinct d.activity_date as observation_date
    from daily as d
    cross join bounds as b
    where d.activity_date between b.first_observation_date and b.last_observation_date
        and {{ dbt.datediff('d.activity_date', 'b.last_observation_date', 'day') }} % 7 = 0
),

dated as (
    select
        observation_date,
        dense_rank() over (order by observation_date) as date_rank,
        count(*) over () as date_count
    from observation_dates
),

cancels as (
    select subscriber_id, min(event_timestamp) as cancelled_at
    from {{ ref('int_subscription_events') }}
    where event_type = 'cancel'
    group by subscriber_id
),

population as (
    select
        s.subscriber_id,
        o.observation_date,
        o.date_rank,
        o.date_count,
        s.signup_date,
        c.cancelled_at
    from {{ ref('dim_subscribers') }} as s
    cross join dated as o
    left join cancels as c on c.subscriber_id = s.subscriber_id
    where s.signup_date < o.observation_date
        and (c.cancelled_at is null or c.cancelled_at >= o.observation_date)
),

reading as (
    select
        p.subscriber_id,
        p.observation_date,
        sum(case when d.activity_date >= {{ dbt.dateadd('day', -30, 'p.observation_date') }} then d.engagement_score else 0 end) as engagement_sum_30d,
        sum(case when d.activity_date >= {{ dbt.dateadd('day', -7, 'p.observation_date') }} then d.engagement_score else 0 end) as engagement_sum_7d,
        sum(case when d.activity_date >= {{ dbt.dateadd('day', -30, 'p.observation_date') }} then d.articles_viewed else 0 end) as articles_viewed_30d,
        sum(case when d.activity_date >= {{ dbt.dateadd('day', -7, 'p.observation_date') }} then d.articles_viewed else 0 end) as articles_viewed_7d,
        sum(case when d.activity_date >= {{ dbt.dateadd('day', -30, 'p.observation_date') }} then 1 else 0 end) as reading_days_30d,
        max(d.activity_date) as last_read_date
    from population as p
    inner join daily as d
        on d.subscriber_id = p.subscriber_id
        and d.activity_date < p.observation_date
    group by p.subscriber_id, p.observation_date
),

tickets as (
    select
        p.subscriber_id,
        p.observation_date,
        count(*) as tickets_90d,
        sum(case when t.created_date >= {{ dbt.dateadd('day', -30, 'p.observation_date') }} then 1 else 0 end) as tickets_30d,
        sum(case when t.created_date >= {{ dbt.dateadd('day', -30, 'p.observation_date') }} and t.category = 'billing' then 1 else 0 end) as billing_tickets_30d,
        -- A rating is known once the ticket is resolved, so only tickets resolved before the date count.
        sum(
            case
                when t.created_date >= {{ dbt.dateadd('day', -30, 'p.observation_date') }}
                    and t.resolved_at < p.observation_date
                    and t.satisfaction_score <= 2
                    then 1
                else 0
            end
        ) as low_satisfaction_tickets_30d,
        -- Resolved on or after the date (or not yet at all): still open on it.
        sum(case when t.resolved_at is null or t.resolved_at >= p.observation_date then 1 else 0 end) as open_tickets
    from population as p
    inner join {{ ref('int_support_tickets') }} as t
        on t.subscriber_id = p.subscriber_id
        and t.created_date < p.observation_date
        and t.created_date >= {{ dbt.dateadd('day', -90, 'p.observation_date') }}
    group by p.subscriber_id, p.observation_date
),

downgrades as (
    select
        p.subscriber_id,
        p.observation_date,
        count(*) as downgrades_90d
    from population as p
    inner join {{ ref('int_subscription_events') }} as e
        on e.subscriber_id = p.subscriber_id
        and e.event_type = 'downgrade'
        and e.event_timestamp < p.observation_date
        and e.event_timestamp >= {{ dbt.dateadd('day', -90, 'p.observation_date') }}
    group by p.subscriber_id, p.observation_date
),

features as (
    select
        p.subscriber_id,
        p.observation_date,
        p.date_rank,
        p.date_count,
        p.cancelled_at,
        {{ dbt.datediff('p.signup_date', 'p.observation_date', 'day') }} as tenure_days,
        coalesce(r.engagement_sum_30d, 0) as engagement_sum_30d,
        coalesce(r.engagement_sum_7d, 0) as engagement_sum_7d,
        coalesce(r.articles_viewed_30d, 0) as articles_viewed_30d,
        coalesce(r.articles_viewed_7d, 0) as articles_viewed_7d,
        coalesce(r.reading_days_30d, 0) as reading_days_30d,
        coalesce(
            {{ dbt.datediff('r.last_read_date', 'p.observation_date', 'day') }},
            {{ dbt.datediff('b.history_start', 'p.observation_date', 'day') }}
        ) as days_since_last_read,
        coalesce(t.tickets_90d, 0) as tickets_90d,
        coalesce(t.tickets_30d, 0) as tickets_30d,
        coalesce(t.billing_tickets_30d, 0) as billing_tickets_30d,
        coalesce(t.low_satisfaction_tickets_30d, 0) as low_satisfaction_tickets_30d,
        coalesce(t.open_tickets, 0) as open_tickets,
        coalesce(g.downgrades_90d, 0) as downgrades_90d
    from population as p
    cross join bounds as b
    left join reading as r on r.subscriber_id = p.subscriber_id and r.observation_date = p.observation_date
    left join tickets as t on t.subscriber_id = p.subscriber_id and t.observation_date = p.observation_date
    left join downgrades as g on g.subscriber_id = p.subscriber_id and g.observation_date = p.observation_date
)

select
    subscriber_id,
    observation_date,
    -- Average daily engagement over the 30 days before the date (days without reading count 0;
    -- a subscriber of fewer than 30 days is averaged over the days subscribed).
    cast(engagement_sum_30d / least(30, tenure_days) as decimal(5, 2)) as engagement_score,
    cast(engagement_sum_7d / least(7, tenure_days) as decimal(5, 2)) as engagement_score_7d,
    cast(articles_viewed_30d as integer) as articles_viewed_30d,
    cast(articles_viewed_7d as integer) as articles_viewed_7d,
    cast(reading_days_30d as integer) as reading_days_30d,
    cast(tickets_90d as integer) as support_tickets_count,
    cast(tickets_30d as integer) as support_tickets_30d,
    cast(billing_tickets_30d as integer) as billing_tickets_30d,
    cast(low_satisfaction_tickets_30d as integer) as low_satisfaction_tickets_30d,
    cast(open_tickets as integer) as open_tickets_at_observation,
    cast(days_since_last_read as integer) as days_since_last_read,
    cast(tenure_days as integer) as subscription_tenure_days,
    cast(downgrades_90d as integer) as downgrades_90d,
    case
        when cancelled_at < {{ dbt.dateadd('day', horizon, 'observation_date') }} then 1
        else 0
    end as churned,
    case when date_rank <= floor(0.8 * date_count) then 'train' else 'test' end as split
from features
