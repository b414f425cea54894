-- Overview: the headline KPIs from the 360 profile (one row per customer)
SELECT COUNT(*)                       AS customers,
       SUM(lifetime_transactions)     AS approved_transactions,
       SUM(lifetime_spend)            AS lifetime_spend,
       ROUND(SUM(lifetime_spend)
             / NULLIF(SUM(lifetime_transactions), 0), 2)      AS avg_transaction_value,
       ROUND(100.0 * SUM(lifetime_transactions)
             / NULLIF(SUM(lifetime_transactions)
                      + SUM(declined_transactions), 0), 2)    AS approval_rate_pct,
       ROUND(AVG(spend_last_90d), 2)  AS avg_spend_last_90d,
       (SELECT COUNT(*)
        FROM GOLD.CHURN_PREDICTIONS
        WHERE risk_tier = 'High')     AS high_churn_risk
FROM GOLD.CUSTOMER_360_PROFILE;
