{#-
  The support system's tickets as the analytics layer counts them: one row per ticket_id (the
  first arrival wins; the daily batches deliver a few tickets twice), with a subscriber and an
  opening time, opened up to the as-of date. No staging task cleans this source, so it is done here.
-#}
select
    ticket_id,
    subscriber_id,
    created_at,
    cast(created_at as date) as created_date,
    category,
    priority,
    status,
    resolved_at,
    satisfaction_score
from {{ source('raw_media', 'raw_support_interactions') }}
where ticket_id is not null
    and subscriber_id is not null
    and created_at is not null
    and created_at < {{ end_of_as_of_date() }}
qualify row_number() over (partition by ticket_id order by load_key) = 1
