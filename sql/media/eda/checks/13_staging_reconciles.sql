-- Check 13: staging reconciles with raw. Of the raw rows the tasks have read (load keys up to the
-- last one staged), each is staged (valid or flagged invalid), a later arrival of a record
-- already staged, or (content) bot traffic: a bot user agent, or a session with more than 20
-- views in one minute. Any other raw row was lost.
SELECT
  'staging_reconciles' AS check_name,
  CASE WHEN s.unexplained + c.unexplained = 0 THEN 'pass' ELSE 'fail' END AS status,
  'events ' || CAST(s.raw_rows AS VARCHAR) || ' raw = ' || CAST(s.valid AS VARCHAR) || ' valid + ' || CAST(s.flagged AS VARCHAR) || ' flagged + '
    || CAST(s.duplicates AS VARCHAR) || ' duplicates + ' || CAST(s.unexplained AS VARCHAR) || ' lost; views ' || CAST(c.raw_rows AS VARCHAR) || ' raw = '
    || CAST(c.valid AS VARCHAR) || ' valid + ' || CAST(c.flagged AS VARCHAR) || ' flagged + ' || CAST(c.duplicates AS VARCHAR) || ' duplicates + '
    || CAST(c.bots AS VARCHAR) || ' bot + ' || CAST(c.unexplained AS VARCHAR) || ' lost' AS observed,
  'raw = staged + flagged + duplicates + filtered, none lost' AS expected
FROM (
  SELECT
    COUNT(*) AS raw_rows,
    COUNT(CASE WHEN st.is_valid THEN 1 END) AS valid,
    COUNT(CASE WHEN NOT st.is_valid THEN 1 END) AS flagged,
    COUNT(CASE WHEN st.raw_load_key IS NULL AND k.event_id IS NOT NULL THEN 1 END) AS duplicates,
    COUNT(CASE WHEN st.raw_load_key IS NULL AND k.event_id IS NULL THEN 1 END) AS unexplained
  FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS AS r
  LEFT JOIN SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS AS st ON st.raw_load_key = r.load_key
  LEFT JOIN SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS AS k ON k.event_id = TRIM(r.event_id) AND k.raw_load_key < r.load_key
  WHERE r.load_key <= (SELECT COALESCE(MAX(raw_load_key), 0) FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS)
) AS s
CROSS JOIN (
  SELECT
    COUNT(*) AS raw_rows,
    COUNT(CASE WHEN st.is_valid THEN 1 END) AS valid,
    COUNT(CASE WHEN NOT st.is_valid THEN 1 END) AS flagged,
    COUNT(CASE WHEN st.raw_load_key IS NULL AND NOT r.is_bot AND k.view_id IS NOT NULL THEN 1 END) AS duplicates,
    COUNT(CASE WHEN st.raw_load_key IS NULL AND r.is_bot THEN 1 END) AS bots,
    COUNT(CASE WHEN st.raw_load_key IS NULL AND NOT r.is_bot AND k.view_id IS NULL THEN 1 END) AS unexplained
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
    -- Sessions with more than 20 views in a minute (grouped: millions of rows at full scale).
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
) AS c
