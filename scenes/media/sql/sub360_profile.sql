-- One subscriber's 360 profile: the subscriber whose id starts with {{ subscriber_id }} (the
-- highest churn risk first when more match, so an empty id shows the subscriber most at risk):
-- subscription, value, reading in the last 30 days, support in the last 90, and the latest risk score
WITH latest AS (
  SELECT subscriber_id, churn_risk_score, risk_tier, score_date, model_version
  FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES
  WHERE score_date = (SELECT MAX(score_date) FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES)
),
chosen AS (
  SELECT d.*, l.churn_risk_score, l.risk_tier, l.score_date, l.model_version
  FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS d
  LEFT JOIN latest AS l ON l.subscriber_id = d.subscriber_id
  WHERE d.subscriber_id LIKE {{ subscriber_id }} || '%'
  ORDER BY l.churn_risk_score DESC NULLS LAST, d.subscriber_id
  LIMIT 1
),
reading AS (
  SELECT e.subscriber_id,
         SUM(e.articles_viewed) AS articles_30d,
         ROUND(AVG(e.engagement_score), 1) AS engagement_30d,
         COUNT(*) AS reading_days_30d
  FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY AS e
  JOIN chosen AS c ON c.subscriber_id = e.subscriber_id
  WHERE e.activity_date > c.as_of_date - 30
  GROUP BY e.subscriber_id
),
last_read AS (
  SELECT e.subscriber_id, MAX(e.activity_date) AS last_read
  FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY AS e
  JOIN chosen AS c ON c.subscriber_id = e.subscriber_id
  GROUP BY e.subscriber_id
),
tickets AS (
  SELECT t.subscriber_id, COUNT(*) AS tickets_90d
  FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS AS t
  JOIN chosen AS c ON c.subscriber_id = t.subscriber_id
  WHERE CAST(t.created_at AS DATE) > c.as_of_date - 90
  GROUP BY t.subscriber_id
)
SELECT c.subscriber_id, c.plan, c.subscription_status, c.signup_date, c.tenure_days, c.tenure_band, c.cancel_date,
       c.lifetime_value, c.payments_count, c.last_payment_date, c.demographic_segment, c.is_orphan, c.as_of_date,
       COALESCE(r.articles_30d, 0) AS articles_30d, COALESCE(r.engagement_30d, 0) AS engagement_30d,
       COALESCE(r.reading_days_30d, 0) AS reading_days_30d, lr.last_read, COALESCE(t.tickets_90d, 0) AS tickets_90d,
       c.churn_risk_score, c.risk_tier, c.score_date, c.model_version
FROM chosen AS c
LEFT JOIN reading AS r ON r.subscriber_id = c.subscriber_id
LEFT JOIN last_read AS lr ON lr.subscriber_id = c.subscriber_id
LEFT JOIN tickets AS t ON t.subscriber_id = c.subscriber_id;
