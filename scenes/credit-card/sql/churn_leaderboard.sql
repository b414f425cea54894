-- Whom to call first: still-active customers (an approved purchase in the last 30 days) ranked by
-- churn probability, with their lifetime value and the two features that raise their risk most
-- (GOLD.CHURN_PREDICTIONS keeps three)
SELECT p.risk_rank                                                          AS rank,
       p.customer_id,
       ROUND(p.churn_probability, 3)                                        AS churn_p,
       p.risk_tier                                                          AS tier,
       p.days_silent                                                        AS silent_days,
       ROUND(l.lifetime_value, 0)                                           AS ltv,
       p.top_factor_1                                                       AS why_1,
       p.top_factor_2                                                       AS why_2
FROM GOLD.CHURN_PREDICTIONS AS p
LEFT JOIN GOLD.METRIC_CUSTOMER_LTV AS l ON l.customer_id = p.customer_id
ORDER BY p.risk_rank
LIMIT 10;
