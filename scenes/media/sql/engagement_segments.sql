-- The last 30 days' engagement per demographic segment and plan (DIM_SUBSCRIBERS x FCT_ENGAGEMENT_DAILY)
WITH window_rows AS (
  SELECT e.*
  FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY AS e
  WHERE e.activity_date > (SELECT MAX(activity_date) FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY) - 30
)
SELECT d.demographic_segment AS segment,
       COUNT(DISTINCT d.subscriber_id) AS subscribers,
       COUNT(DISTINCT w.subscriber_id) AS readers,
       ROUND(COALESCE(SUM(w.articles_viewed), 0) * 1.0 / COUNT(DISTINCT d.subscriber_id), 1) AS articles_per_subscriber,
       ROUND(AVG(w.engagement_score), 1) AS avg_engagement
FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS d
LEFT JOIN window_rows AS w ON w.subscriber_id = d.subscriber_id
WHERE d.subscription_status = 'active'
GROUP BY d.demographic_segment
ORDER BY articles_per_subscriber DESC, segment;
