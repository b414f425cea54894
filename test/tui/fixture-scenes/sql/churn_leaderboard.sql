-- The customers most at risk of churning in the next 30 days
SELECT customer_id,
       churn_probability,
       risk_tier
FROM GOLD.CHURN_PREDICTIONS
ORDER BY churn_probability DESC, customer_id
LIMIT 10;
