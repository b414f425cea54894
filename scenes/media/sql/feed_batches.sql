-- The live feed per batch: the rows of `c360-demo feed`'s files (named
-- feed-NNNNNN) per batch, in raw and in staging, and each staged event's latency from its creation
-- (event_timestamp, UTC) to its staging row (staged_at, the session's wall clock: the offset between
-- the two is taken out, as the feed's own measurement does). An event whose timestamp was dirt has no
-- creation time to measure from. Local warehouse (DuckDB): the feed does not run on Snowflake yet.
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
, raw_batches AS (
  SELECT CAST(regexp_extract(source_file, 'feed-(\d+)\.', 1) AS BIGINT) AS batch, COUNT(*) AS raw_rows
  FROM raw_rows
  GROUP BY 1
),
staged_batches AS (
  SELECT batch, COUNT(*) AS staged_rows, MAX(staged_at) AS staged_at, COUNT(latency_seconds) AS measured,
         quantile_cont(latency_seconds, 0.5) AS p50_seconds, quantile_cont(latency_seconds, 0.95) AS p95_seconds
  FROM latencies
  GROUP BY batch
)
SELECT r.batch, r.raw_rows, coalesce(s.staged_rows, 0) AS staged_rows, s.staged_at, coalesce(s.measured, 0) AS measured,
       s.p50_seconds, s.p95_seconds
FROM raw_batches AS r
LEFT JOIN staged_batches AS s ON s.batch = r.batch
ORDER BY r.batch;
