-- Engagement over time, week by week (FCT_ENGAGEMENT_DAILY): readers, articles, reading time and
-- the average daily engagement score of those who read
SELECT DATE_TRUNC('week', activity_date) AS week,
       COUNT(DISTINCT subscriber_id) AS readers,
       SUM(articles_viewed) AS articles,
       ROUND(SUM(total_time_spent) / 3600.0, 1) AS hours_read,
       ROUND(AVG(engagement_score), 1) AS avg_engagement,
       COUNT(DISTINCT activity_date) AS days
FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY
GROUP BY 1
ORDER BY 1;
