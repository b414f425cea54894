{#-
  The valid subscription events up to the as-of date: staging's flagged events (is_valid = FALSE)
  and events without a subscriber are left out, as the seed says ("not propagated").
-#}
select
    event_id,
    subscriber_id,
    event_type,
    event_timestamp,
    cast(event_timestamp as date) as event_date,
    plan,
    payment_amount,
    is_orphan
from {{ source('stg_media', 'stg_subscriber_events') }}
where is_valid
    and subscriber_id is not null
    and event_timestamp < {{ end_of_as_of_date() }}
