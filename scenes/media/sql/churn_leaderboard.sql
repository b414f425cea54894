-- The churn risk leaderboard: active subscribers on the latest score date, highest risk first, with
-- the features of their latest weekly observation (what the model weighs: the action turns them
-- into each subscriber's top reasons with the deployed model's coefficients)
WITH latest AS (
  SELECT subscriber_id, churn_risk_score, risk_tier, score_date, model_version
  FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES
  WHERE score_date = (SELECT MAX(score_date) FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES)
),
board AS (
  SELECT l.*, d.plan, d.tenure_days, d.lifetime_value
  FROM latest AS l
  JOIN SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS d ON d.subscriber_id = l.subscriber_id
  WHERE d.subscription_status = 'active'
  ORDER BY l.churn_risk_score DESC, l.subscriber_id
  LIMIT {{ leaderboard_rows }}
),
features AS (
  SELECT f.*
  FROM SFE_ANALYTICS_MEDIA.FCT_CHURN_TRAINING AS f
  JOIN board AS b ON b.subscriber_id = f.subscriber_id AND f.observation_date <= b.score_date
  QUALIFY ROW_NUMBER() OVER (PARTITION BY f.subscriber_id ORDER BY f.observation_date DESC) = 1
)
SELECT f.*, b.subscriber_id AS board_subscriber_id, b.plan, b.tenure_days, b.lifetime_value, b.churn_risk_score, b.risk_tier, b.score_date, b.model_version
FROM board AS b
LEFT JOIN features AS f ON f.subscriber_id = b.subscriber_id
ORDER BY b.churn_risk_score DESC, b.subscriber_id;
