-- The same subscriber's subscription events (staged, valid or flagged) and support tickets, newest first
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
)
SELECT * FROM (
  SELECT e.event_timestamp AS happened_at, 'subscription' AS source, e.event_type AS what,
         e.plan || CASE WHEN e.payment_amount IS NOT NULL THEN ' ' || CAST(e.payment_amount AS VARCHAR) || ' ' || e.currency ELSE '' END
           || CASE WHEN e.is_valid THEN '' ELSE ' (invalid: ' || e.invalid_reason || ')' END AS detail
  FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS AS e
  JOIN chosen AS c ON c.subscriber_id = e.subscriber_id
  UNION ALL
  SELECT t.created_at, 'support', t.category,
         t.priority || ' priority, ' || t.status || COALESCE(', satisfaction ' || CAST(t.satisfaction_score AS VARCHAR), '')
  FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS AS t
  JOIN chosen AS c ON c.subscriber_id = t.subscriber_id
) AS timeline
ORDER BY happened_at DESC NULLS LAST
LIMIT {{ timeline_rows }};
