{#-
  DIM_SUBSCRIBERS (seed: "refreshed daily"): one row per subscriber staging knows
  (STG_UNIFIED_CUSTOMER, orphans included and flagged), enriched:
    * signup_date: the subscription system's account list (SFE_RAW_MEDIA.SUBSCRIBERS); for an
      orphan, which the list does not know, the day of its first valid event;
    * tenure_days = as-of date - signup_date (the seed's CURRENT_DATE - signup_date);
    * lifetime_value: the sum of its valid payments (the history the warehouse holds);
    * status and plan as of the as-of date: from its latest valid event up to then (the unified
      record's rule, "latest wins"; the unified record itself moves on with a live feed's events),
      cancel_date from its cancel event;
    * demographic_segment from the hand-kept mapping (seed demographic_segments) by plan and tenure band.
-#}
with unified as (
    select * from {{ source('stg_media', 'stg_unified_customer') }}
),

roster as (
    select subscriber_id, subscribed_on from {{ source('raw_media', 'subscribers') }}
),

events as (
    select * from {{ ref('int_subscription_events') }}
),

payments as (
    select
        subscriber_id,
        count(*) as payments_count,
        sum(payment_amount) as payments_total,
        max(event_date) as last_payment_date
    from events
    where event_type = 'payment'
    group by subscriber_id
),

latest as (
    select subscriber_id, event_type, plan
    from events
    qualify row_number() over (partition by subscriber_id order by event_timestamp desc, event_id desc) = 1
),

activity as (
    select
        subscriber_id,
        min(event_date) as first_event_date,
        max(case when event_type = 'cancel' then event_date end) as cancel_date
    from events
    group by subscriber_id
),

subscribers as (
    select
        u.subscriber_id,
        coalesce(r.subscribed_on, a.first_event_date, cast(u.first_event_at as date)) as signup_date,
        coalesce(l.plan, u.current_plan) as plan,
        case when l.event_type = 'cancel' then 'cancelled' else 'active' end as subscription_status,
        case when l.event_type = 'cancel' then a.cancel_date end as cancel_date,
        coalesce(p.payments_count, 0) as payments_count,
        cast(coalesce(p.payments_total, 0) as decimal(12, 2)) as lifetime_value,
        p.last_payment_date,
        u.is_orphan
    from unified as u
    left join roster as r on r.subscriber_id = u.subscriber_id
    left join activity as a on a.subscriber_id = u.subscriber_id
    left join payments as p on p.subscriber_id = u.subscriber_id
    left join latest as l on l.subscriber_id = u.subscriber_id
),

with_tenure as (
    select
        *,
        {{ dbt.datediff('signup_date', as_of_date(), 'day') }} as tenure_days
    from subscribers
    -- A subscriber whose first event came after the as-of date joins on a later refresh.
    where signup_date <= {{ as_of_date() }}
),

banded as (
    select
        *,
        case
            when tenure_days < 90 then 'new'
            when tenure_days < 365 then 'settling'
            when tenure_days < 1095 then 'established'
            else 'long_standing'
        end as tenure_band
    from with_tenure
)

select
    s.subscriber_id,
    s.signup_date,
    cast(s.tenure_days as integer) as tenure_days,
    s.plan,
    s.subscription_status,
    s.cancel_date,
    s.lifetime_value,
    cast(s.payments_count as integer) as payments_count,
    s.last_payment_date,
    s.tenure_band,
    coalesce(m.demographic_segment, 'Unmapped') as demographic_segment,
    s.is_orphan,
    {{ as_of_date() }} as as_of_date
from banded as s
left join {{ ref('demographic_segments') }} as m
    on m.plan = s.plan
    and m.tenure_band = s.tenure_band
