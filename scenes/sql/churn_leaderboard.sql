-- Whom to call first: still-active customers (an approved purchase in the last 30 days) ranked by
-- churn probability, with the features that raise their risk most and their lifetime value
SELECT p.risk_rank,
       p.customer_id,
       ROUND(p.churn_probability, 3)                                       AS churn_probability,
       p.risk_tier,
       p.days_silent,
       p.top_factor_1 || COALESCE(', ' || p.top_factor_2, '') || COALESCE(', ' || p.top_factor_3, '') AS why,
       ROUND(l.lifetime_value, 0)                                          AS lifetime_value
FROM GOLD.CHURN_PREDICTIONS AS p
LEFT JOIN GOLD.METRIC_CUSTOMER_LTV AS l ON l.customer_id = p.customer_id
ORDER BY p.risk_rank
LIMIT 10;
