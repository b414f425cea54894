-- Check 1: every source's files arrived and loaded: a subscription file a day, {{ content_batches_per_day }}
-- content batch(es) a day, a ticket file on at least half the days; none LOAD_FAILED.
-- Rendered with the scale's figures (src/scenario/media/checks.ts); portable SQL (DuckDB and Snowflake).
SELECT
  'files_present' AS check_name,
  CASE WHEN failed = 0
        AND subscription_files >= 0.95 * {{ days }}
        AND content_files >= 0.95 * {{ days * content_batches_per_day }}
        AND ticket_files >= 0.5 * {{ days }}
       THEN 'pass' ELSE 'fail' END AS status,
  CAST(subscription_files AS VARCHAR) || ' subscription, ' || CAST(content_files AS VARCHAR) || ' content, '
    || CAST(ticket_files AS VARCHAR) || ' ticket files loaded; ' || CAST(failed AS VARCHAR) || ' failed' AS observed,
  '>= ' || CAST(CEIL(0.95 * {{ days }}) AS VARCHAR) || ' subscription, >= ' || CAST(CEIL(0.95 * {{ days * content_batches_per_day }}) AS VARCHAR)
    || ' content, >= ' || CAST(CEIL(0.5 * {{ days }}) AS VARCHAR) || ' ticket files; 0 failed' AS expected
FROM (
  SELECT
    SUM(CASE WHEN table_name = 'RAW_SUBSCRIBER_EVENTS' AND status <> 'LOAD_FAILED' THEN 1 ELSE 0 END) AS subscription_files,
    SUM(CASE WHEN table_name = 'RAW_CONTENT_ENGAGEMENT' AND status <> 'LOAD_FAILED' THEN 1 ELSE 0 END) AS content_files,
    SUM(CASE WHEN table_name = 'RAW_SUPPORT_INTERACTIONS' AND status <> 'LOAD_FAILED' THEN 1 ELSE 0 END) AS ticket_files,
    SUM(CASE WHEN status = 'LOAD_FAILED' THEN 1 ELSE 0 END) AS failed
  FROM SFE_RAW_MEDIA.LOAD_HISTORY
) AS h
