-- As the consumer: the granted secure view
-- (no names, e-mails or cities; ages and credit limits in bands)
SELECT customer_segment,
       COUNT(*)                        AS customers,
       ROUND(AVG(spend_last_90d), 2)   AS avg_spend_last_90d,
       SUM(CASE WHEN churn_risk_tier = 'High' THEN 1 ELSE 0 END) AS high_churn_risk
FROM CUSTOMER_ANALYTICS.GOLD.SHARED_CUSTOMER_INSIGHTS
GROUP BY customer_segment
ORDER BY customers DESC;
