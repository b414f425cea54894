-- How many customers fall in each risk tier
SELECT risk_tier,
       COUNT(*)                          AS customers,
       ROUND(AVG(churn_probability), 3)  AS avg_probability
FROM GOLD.CHURN_PREDICTIONS
GROUP BY risk_tier
ORDER BY CASE risk_tier WHEN 'High' THEN 1 WHEN 'Medium' THEN 2 ELSE 3 END;
