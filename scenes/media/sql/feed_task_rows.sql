-- Rows each staging task wrote from the live feed's files (named feed-NNNNNN)
SELECT 'SFE_PROCESS_SUBSCRIBERS_TASK' AS task_name, COUNT(*) AS staged_rows
FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS
WHERE source_file LIKE '%feed-%'
UNION ALL
SELECT 'SFE_PROCESS_ENGAGEMENT_TASK', COUNT(*)
FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT
WHERE source_file LIKE '%feed-%';
