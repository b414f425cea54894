-- Where the live feed stands: the rows of its batches (from batch {{ first_batch }} on) in the raw
-- layer, the error table and staging, and each staged event's latency from its creation (its
-- event_timestamp, UTC) to its staging row (staged_at, the session's wall clock: the offset
-- between the two is taken out). An event whose timestamp was dirt has no creation time to
-- measure from; every other staged event counts.
WITH feed_rows AS (
  SELECT 'raw' AS layer, source_file AS file FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS
  UNION ALL SELECT 'raw', source_file FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT
  UNION ALL SELECT 'rejected', file_name FROM SFE_RAW_MEDIA.LOAD_ERRORS
),
counts AS (
  SELECT
    count(*) FILTER (WHERE layer = 'raw') AS loaded,
    count(*) FILTER (WHERE layer = 'rejected') AS rejected
  FROM feed_rows
  WHERE TRY_CAST(regexp_extract(file, 'feed-(\d+)\.', 1) AS BIGINT) >= {{ first_batch }}
),
staged AS (
  SELECT event_timestamp, staged_at, invalid_reason, source_file FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS
  UNION ALL SELECT event_timestamp, staged_at, invalid_reason, source_file FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT
),
latency AS (
  SELECT
    count(*) AS staged,
    list(epoch_ms(staged_at) - epoch_ms(event_timestamp) - (epoch_ms(CAST(now() AS TIMESTAMP)) - epoch_ms(now())))
      FILTER (WHERE event_timestamp IS NOT NULL AND coalesce(invalid_reason, '') NOT LIKE '%event_timestamp%') AS latencies
  FROM staged
  WHERE TRY_CAST(regexp_extract(source_file, 'feed-(\d+)\.', 1) AS BIGINT) >= {{ first_batch }}
)
SELECT
  c.loaded,
  c.rejected,
  l.staged,
  len(l.latencies) AS measured,
  list_aggregate(l.latencies, 'quantile_cont', 0.5) AS p50_ms,
  list_aggregate(l.latencies, 'quantile_cont', 0.95) AS p95_ms,
  list_aggregate(l.latencies, 'max') AS max_ms
FROM counts AS c, latency AS l;
