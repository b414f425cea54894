-- Where every raw row went, per source (the staging reconciliation, check 13): staged valid, staged
-- and flagged invalid, a later arrival of a record already staged (duplicate removed), bot traffic
-- filtered out, or lost. Only raw rows the tasks have read count (load keys up to the last staged).
WITH events AS (
  SELECT
    COUNT(*) AS raw_rows,
    COUNT(CASE WHEN st.is_valid THEN 1 END) AS staged_valid,
    COUNT(CASE WHEN NOT st.is_valid THEN 1 END) AS flagged_invalid,
    COUNT(CASE WHEN st.raw_load_key IS NULL AND k.event_id IS NOT NULL THEN 1 END) AS duplicates_removed,
    0 AS bots_filtered,
    COUNT(CASE WHEN st.raw_load_key IS NULL AND k.event_id IS NULL THEN 1 END) AS lost,
    COUNT(CASE WHEN st.is_orphan THEN 1 END) AS orphans
  FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS AS r
  LEFT JOIN SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS AS st ON st.raw_load_key = r.load_key
  LEFT JOIN SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS AS k ON k.event_id = TRIM(r.event_id) AND k.raw_load_key < r.load_key
  WHERE r.load_key <= (SELECT COALESCE(MAX(raw_load_key), 0) FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS)
),
views AS (
  SELECT
    COUNT(*) AS raw_rows,
    COUNT(CASE WHEN st.is_valid THEN 1 END) AS staged_valid,
    COUNT(CASE WHEN NOT st.is_valid THEN 1 END) AS flagged_invalid,
    COUNT(CASE WHEN st.raw_load_key IS NULL AND NOT r.is_bot AND k.view_id IS NOT NULL THEN 1 END) AS duplicates_removed,
    COUNT(CASE WHEN st.raw_load_key IS NULL AND r.is_bot THEN 1 END) AS bots_filtered,
    COUNT(CASE WHEN st.raw_load_key IS NULL AND NOT r.is_bot AND k.view_id IS NULL THEN 1 END) AS lost,
    NULL AS orphans
  FROM (
    SELECT
      v.load_key, TRIM(v.view_id) AS view_id,
      LOWER(v.user_agent) LIKE '%bot%' OR LOWER(v.user_agent) LIKE '%crawl%' OR LOWER(v.user_agent) LIKE '%spider%'
        OR LOWER(v.user_agent) LIKE '%python-requests%' OR LOWER(v.user_agent) LIKE '%curl%' OR LOWER(v.user_agent) LIKE '%headlesschrome%'
        OR b.session_id IS NOT NULL AS is_bot
    FROM (
      SELECT *, DATE_TRUNC('minute', TRY_CAST(REPLACE(REPLACE(TRIM(event_timestamp), 'T', ' '), 'Z', '') AS TIMESTAMP)) AS minute
      FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT
    ) AS v
    -- Sessions with more than 20 views in one minute: people read one every few minutes.
    LEFT JOIN (
      SELECT TRIM(session_id) AS session_id,
             DATE_TRUNC('minute', TRY_CAST(REPLACE(REPLACE(TRIM(event_timestamp), 'T', ' '), 'Z', '') AS TIMESTAMP)) AS minute
      FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT
      GROUP BY 1, 2
      HAVING COUNT(*) > 20
    ) AS b
      ON b.session_id = TRIM(v.session_id) AND b.minute = v.minute
  ) AS r
  LEFT JOIN SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT AS st ON st.raw_load_key = r.load_key
  LEFT JOIN SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT AS k ON k.view_id = r.view_id AND k.raw_load_key < r.load_key
  WHERE r.load_key <= (SELECT COALESCE(MAX(raw_load_key), 0) FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT)
)
SELECT 'subscription events' AS source, raw_rows, staged_valid, flagged_invalid, duplicates_removed, bots_filtered, lost, orphans FROM events
UNION ALL
SELECT 'content views', raw_rows, staged_valid, flagged_invalid, duplicates_removed, bots_filtered, lost, orphans FROM views;
