-- Check 10: staging holds each natural key once: an event (event_id), a view (view_id), a
-- subscriber in the unified customer (subscriber_id). Later arrivals of the same record stay in raw.
SELECT
  'staging_no_duplicates' AS check_name,
  CASE WHEN events + views + customers = 0 THEN 'pass' ELSE 'fail' END AS status,
  CAST(events AS VARCHAR) || ' events, ' || CAST(views AS VARCHAR) || ' views, ' || CAST(customers AS VARCHAR) || ' subscribers more than once' AS observed,
  'no natural key twice' AS expected
FROM (
  SELECT
    (SELECT COUNT(*) - COUNT(DISTINCT event_id) FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS) AS events,
    (SELECT COUNT(*) - COUNT(DISTINCT view_id) FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT) AS views,
    (SELECT COUNT(*) - COUNT(DISTINCT subscriber_id) FROM SFE_STG_MEDIA.STG_UNIFIED_CUSTOMER) AS customers
) AS d
