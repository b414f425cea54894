-- Check 12: bot traffic is filtered out of STG_CONTENT_ENGAGEMENT: no view from a known crawler or
-- script user agent is staged (the raw layer shows how much there was).
SELECT
  'staging_bots_removed' AS check_name,
  CASE WHEN bot_raw > 0 AND bot_staged = 0 THEN 'pass' ELSE 'fail' END AS status,
  CAST(bot_raw AS VARCHAR) || ' bot-agent views in raw (' || CAST(ROUND(100.0 * bot_raw / GREATEST(raw_views, 1), 1) AS VARCHAR)
    || '%), ' || CAST(bot_staged AS VARCHAR) || ' staged' AS observed,
  'bot traffic in raw, none staged' AS expected
FROM (
  SELECT
    (SELECT COUNT(*) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT) AS raw_views,
    (SELECT COUNT(*) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT AS r
      WHERE LOWER(r.user_agent) LIKE '%bot%' OR LOWER(r.user_agent) LIKE '%crawl%' OR LOWER(r.user_agent) LIKE '%spider%'
         OR LOWER(r.user_agent) LIKE '%python-requests%' OR LOWER(r.user_agent) LIKE '%curl%' OR LOWER(r.user_agent) LIKE '%headlesschrome%') AS bot_raw,
    (SELECT COUNT(*) FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT AS s
       JOIN SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT AS r ON r.load_key = s.raw_load_key
      WHERE LOWER(r.user_agent) LIKE '%bot%' OR LOWER(r.user_agent) LIKE '%crawl%' OR LOWER(r.user_agent) LIKE '%spider%'
         OR LOWER(r.user_agent) LIKE '%python-requests%' OR LOWER(r.user_agent) LIKE '%curl%' OR LOWER(r.user_agent) LIKE '%headlesschrome%') AS bot_staged
) AS b
