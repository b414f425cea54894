-- Risk tiers over the still-active customers: High = top 5% of probabilities, Medium = next 15%
SELECT risk_tier,
       COUNT(*)                           AS customers,
       ROUND(MIN(churn_probability), 3)   AS min_probability,
       ROUND(AVG(churn_probability), 3)   AS avg_probability
FROM GOLD.CHURN_PREDICTIONS
GROUP BY risk_tier
ORDER BY CASE risk_tier WHEN 'High' THEN 1 WHEN 'Medium' THEN 2 ELSE 3 END;
