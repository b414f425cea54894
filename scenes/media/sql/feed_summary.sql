-- The live feed over all its runs, as the warehouse recorded it: rows of `c360-demo feed`'s files
-- (named feed-NNNNNN) in raw, rejected and staged, the time span they were staged over, and the
-- latency from each event's creation (event_timestamp, UTC) to its staging row (staged_at, the
-- session's wall clock: the offset between the two is taken out, as the feed's own measurement
-- does). An event whose timestamp was dirt has no creation time to measure from. Local warehouse
-- (DuckDB): the feed does not run on Snowflake yet.
WITH raw_rows AS (
  SELECT source_file, loaded_at FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS WHERE source_file LIKE '%feed-%'
  UNION ALL
  SELECT source_file, loaded_at FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT WHERE source_file LIKE '%feed-%'
),
staged AS (
  SELECT source_file, event_timestamp, staged_at, invalid_reason FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS WHERE source_file LIKE '%feed-%'
  UNION ALL
  SELECT source_file, event_timestamp, staged_at, invalid_reason FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT WHERE source_file LIKE '%feed-%'
),
latencies AS (
  SELECT
    CAST(regexp_extract(source_file, 'feed-(\d+)\.', 1) AS BIGINT) AS batch,
    staged_at,
    CASE WHEN event_timestamp IS NOT NULL AND coalesce(invalid_reason, '') NOT LIKE '%event_timestamp%'
         THEN (epoch_ms(staged_at) - epoch_ms(event_timestamp) - (epoch_ms(CAST(now() AS TIMESTAMP)) - epoch_ms(now()))) / 1000.0
    END AS latency_seconds
  FROM staged
)
SELECT
  (SELECT COUNT(DISTINCT regexp_extract(source_file, 'feed-(\d+)\.', 1)) FROM raw_rows) AS batches,
  (SELECT COUNT(*) FROM raw_rows) AS raw_rows,
  (SELECT MIN(loaded_at) FROM raw_rows) AS first_loaded,
  (SELECT COUNT(*) FROM SFE_RAW_MEDIA.LOAD_ERRORS WHERE file_name LIKE '%feed-%') AS rejected,
  COUNT(*) AS staged_rows,
  COUNT(latency_seconds) AS measured,
  MIN(staged_at) AS first_staged,
  MAX(staged_at) AS last_staged,
  quantile_cont(latency_seconds, 0.5) AS p50_seconds,
  quantile_cont(latency_seconds, 0.95) AS p95_seconds,
  MAX(latency_seconds) AS max_seconds
FROM latencies;
