-- Records staged but flagged is_valid = FALSE, by reason (never propagated: no invalid event is a
-- unified customer's latest)
SELECT 'subscription events' AS source, invalid_reason, COUNT(*) AS records
FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS
WHERE NOT is_valid
GROUP BY invalid_reason
UNION ALL
SELECT 'content views', invalid_reason, COUNT(*)
FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT
WHERE NOT is_valid
GROUP BY invalid_reason
ORDER BY records DESC, source, invalid_reason;
