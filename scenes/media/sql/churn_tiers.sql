-- Active subscribers per risk tier on the latest score date
SELECT h.risk_tier, COUNT(*) AS subscribers, MIN(h.churn_risk_score) AS min_score, MAX(h.score_date) AS score_date
FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES AS h
JOIN SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS d ON d.subscriber_id = h.subscriber_id
WHERE h.score_date = (SELECT MAX(score_date) FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES)
  AND d.subscription_status = 'active'
GROUP BY h.risk_tier
ORDER BY CASE h.risk_tier WHEN 'High' THEN 1 WHEN 'Medium' THEN 2 ELSE 3 END;
