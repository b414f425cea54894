-- The same subscriber's reading week by week over the history: articles viewed and average daily engagement
WITH latest AS (
  SELECT subscriber_id, churn_risk_score
  FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES
  WHERE score_date = (SELECT MAX(score_date) FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES)
),
chosen AS (
  SELECT d.subscriber_id
  FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS d
  LEFT JOIN latest AS l ON l.subscriber_id = d.subscriber_id
  WHERE d.subscriber_id LIKE {{ subscriber_id }} || '%'
  ORDER BY l.churn_risk_score DESC NULLS LAST, d.subscriber_id
  LIMIT 1
),
weeks AS (
  SELECT DISTINCT DATE_TRUNC('week', activity_date) AS week FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY
)
SELECT w.week, COALESCE(SUM(e.articles_viewed), 0) AS articles, ROUND(COALESCE(SUM(e.engagement_score), 0) / 7.0, 1) AS engagement
FROM weeks AS w
CROSS JOIN chosen AS c
LEFT JOIN SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY AS e
  ON e.subscriber_id = c.subscriber_id AND DATE_TRUNC('week', e.activity_date) = w.week
GROUP BY w.week
ORDER BY w.week;
