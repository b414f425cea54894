-- Bot traffic in the raw layer by user agent (crawlers and scripts), and how many of those views
-- reached staging (none should)
SELECT r.user_agent, COUNT(*) AS raw_views, COUNT(s.raw_load_key) AS staged
FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT AS r
LEFT JOIN SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT AS s ON s.raw_load_key = r.load_key
WHERE LOWER(r.user_agent) LIKE '%bot%' OR LOWER(r.user_agent) LIKE '%crawl%' OR LOWER(r.user_agent) LIKE '%spider%'
   OR LOWER(r.user_agent) LIKE '%python-requests%' OR LOWER(r.user_agent) LIKE '%curl%' OR LOWER(r.user_agent) LIKE '%headlesschrome%'
GROUP BY r.user_agent
ORDER BY raw_views DESC, r.user_agent;
