-- Where a feed on Snowflake stands: the rows of this run's files ({{ files }}) in the raw layer,
-- the error table and staging, and each staged event's latency from its creation
-- (event_timestamp, UTC) to its staging row (staged_at, the task session's wall clock; the
-- offset of that clock from UTC, {{ offset_ms }} ms, is taken out). An event whose timestamp was
-- dirt has no creation time to measure from. Portable: Snowflake and the loopback's DuckDB.
WITH staged AS (
  SELECT 'event' AS kind, event_timestamp, staged_at, invalid_reason FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS WHERE source_file IN ({{ files }})
  UNION ALL
  SELECT 'view', event_timestamp, staged_at, invalid_reason FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT WHERE source_file IN ({{ files }})
),
latency AS (
  SELECT DATEDIFF('millisecond', event_timestamp, staged_at) - {{ offset_ms }} AS ms
  FROM staged
  WHERE event_timestamp IS NOT NULL AND COALESCE(invalid_reason, '') NOT LIKE '%event_timestamp%'
)
SELECT
  (SELECT COUNT(*) FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS WHERE source_file IN ({{ files }}))
    + (SELECT COUNT(*) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT WHERE source_file IN ({{ files }})) AS loaded,
  (SELECT COUNT(*) FROM SFE_RAW_MEDIA.LOAD_ERRORS WHERE file_name IN ({{ files }})) AS rejected,
  (SELECT COUNT(*) FROM SFE_RAW_MEDIA.LOAD_HISTORY WHERE file_name IN ({{ files }})) AS files_loaded,
  (SELECT COUNT(*) FROM staged) AS staged,
  (SELECT COUNT(*) FROM staged WHERE kind = 'event') AS staged_events,
  (SELECT COUNT(*) FROM staged WHERE kind = 'view') AS staged_views,
  (SELECT COUNT(*) FROM latency) AS measured,
  (SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY ms) FROM latency) AS p50_ms,
  (SELECT PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY ms) FROM latency) AS p95_ms,
  (SELECT MAX(ms) FROM latency) AS max_ms;
