{#-
  FCT_ENGAGEMENT_DAILY (seed: "refreshed daily"): STG_CONTENT_ENGAGEMENT's valid human views
  aggregated by subscriber and day, up to the as-of date. Days without a view have no row.
    * total_time_spent: seconds read, each view's time floored at 0 (the source's NORMAL(180, 120)
      reading times go below zero now and then; staging's score treats them as 0 too);
    * engagement_score: the day's engagement, 0-100: the sum of its views' scores (each linear in
      reading time, 10 minutes = 100) capped at 100, so 10 minutes' reading a day or more is 100.
  Aggregated per section first, then per day: distinct_sections is then a count of rows, which
  writes the 1.2M-row full-scale table several times faster than count(distinct section).
-#}
with by_section as (
    select
        subscriber_id,
        cast(event_timestamp as date) as activity_date,
        section,
        count(*) as articles_viewed,
        sum(greatest(coalesce(time_spent_seconds, 0), 0)) as total_time_spent,
        sum(engagement_score) as engagement_score
    from {{ source('stg_media', 'stg_content_engagement') }}
    where is_valid
        and subscriber_id is not null
        and event_timestamp < {{ end_of_as_of_date() }}
    group by subscriber_id, cast(event_timestamp as date), section
)

select
    subscriber_id,
    activity_date,
    cast(sum(articles_viewed) as integer) as articles_viewed,
    cast(sum(total_time_spent) as bigint) as total_time_spent,
    cast(count(*) as integer) as distinct_sections,
    cast(least(sum(engagement_score), 100) as decimal(5, 1)) as engagement_score
from by_section
group by subscriber_id, activity_date
