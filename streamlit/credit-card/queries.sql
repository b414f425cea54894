-- The Streamlit app's queries (streamlit_app.py runs them by name). Each starts with a
-- `-- name: <query>` line. They read CUSTOMER_ANALYTICS.GOLD, built by the dbt project and the
-- churn model, and stay in the SQL that Snowflake and DuckDB share: the app runs on Snowflake and
-- test/streamlit/ runs it against the local DuckDB warehouse. Decimals are cast to DOUBLE so both
-- return plain floats.

-- name: overview_kpis
SELECT
    COUNT(*)                                                        AS customers,
    SUM(CASE WHEN transactions_last_90d > 0 THEN 1 ELSE 0 END)      AS active_customers_90d,
    CAST(SUM(lifetime_spend) AS DOUBLE)                             AS lifetime_spend,
    CAST(SUM(spend_last_90d) AS DOUBLE)                             AS spend_last_90d,
    CAST(SUM(spend_prior_90d) AS DOUBLE)                            AS spend_prior_90d,
    CAST(SUM(lifetime_spend) / NULLIF(SUM(lifetime_transactions), 0) AS DOUBLE) AS avg_transaction_value,
    MAX(last_transaction_date)                                      AS as_of_date
FROM CUSTOMER_ANALYTICS.GOLD.CUSTOMER_360_PROFILE;

-- name: overview_transactions
SELECT
    COUNT(*)                                                        AS transactions,
    SUM(CASE WHEN is_approved THEN 1 ELSE 0 END)                    AS approved_transactions
FROM CUSTOMER_ANALYTICS.GOLD.FCT_TRANSACTIONS;

-- name: overview_at_risk
SELECT COUNT(*) AS high_risk_customers
FROM CUSTOMER_ANALYTICS.GOLD.CHURN_PREDICTIONS
WHERE risk_tier = 'High';

-- name: monthly_trend
SELECT
    transaction_month,
    CAST(total_spend AS DOUBLE)     AS total_spend,
    transactions,
    active_customers,
    CAST(mom_change_pct AS DOUBLE)  AS mom_change_pct
FROM CUSTOMER_ANALYTICS.GOLD.METRIC_MOM_SPEND_CHANGE
WHERE customer_segment = 'All'
ORDER BY transaction_month;

-- name: segment_summary
SELECT
    s.customer_segment,
    s.customers,
    s.active_customers,
    CAST(s.total_spend_90d AS DOUBLE)               AS total_spend_90d,
    CAST(s.avg_spend_per_customer_90d AS DOUBLE)    AS avg_spend_per_customer_90d,
    CAST(s.avg_transaction_value_90d AS DOUBLE)     AS avg_transaction_value_90d,
    CAST(s.spend_share_pct AS DOUBLE)               AS spend_share_pct,
    CAST(s.decline_rate_pct AS DOUBLE)              AS decline_rate_pct,
    CAST(s.active_rate_pct AS DOUBLE)               AS active_rate_pct,
    CAST(l.avg_lifetime_value AS DOUBLE)            AS avg_lifetime_value
FROM CUSTOMER_ANALYTICS.GOLD.CUSTOMER_SEGMENTS AS s
LEFT JOIN (
    SELECT customer_segment, AVG(lifetime_value) AS avg_lifetime_value
    FROM CUSTOMER_ANALYTICS.GOLD.METRIC_CUSTOMER_LTV
    GROUP BY customer_segment
) AS l ON l.customer_segment = s.customer_segment
ORDER BY s.total_spend_90d DESC;

-- name: segment_monthly_spend
SELECT transaction_month, customer_segment, CAST(total_spend AS DOUBLE) AS total_spend
FROM CUSTOMER_ANALYTICS.GOLD.METRIC_MOM_SPEND_CHANGE
WHERE customer_segment <> 'All'
ORDER BY transaction_month, customer_segment;

-- name: category_mix
SELECT
    a.merchant_category,
    d.spend_type,
    SUM(a.approved_transactions)                                            AS approved_transactions,
    SUM(a.declined_transactions)                                            AS declined_transactions,
    CAST(SUM(a.total_spend) AS DOUBLE)                                      AS total_spend,
    CAST(SUM(a.total_spend) / NULLIF(SUM(a.approved_transactions), 0) AS DOUBLE) AS avg_ticket
FROM CUSTOMER_ANALYTICS.GOLD.AGG_MONTHLY_SPEND AS a
LEFT JOIN CUSTOMER_ANALYTICS.GOLD.DIM_MERCHANT_CATEGORY AS d ON d.merchant_category = a.merchant_category
GROUP BY a.merchant_category, d.spend_type
ORDER BY total_spend DESC;

-- name: channel_mix
SELECT
    channel,
    SUM(approved_transactions)                  AS approved_transactions,
    SUM(declined_transactions)                  AS declined_transactions,
    CAST(SUM(total_spend) AS DOUBLE)            AS total_spend
FROM CUSTOMER_ANALYTICS.GOLD.AGG_MONTHLY_SPEND
GROUP BY channel
ORDER BY total_spend DESC;

-- name: category_monthly_spend
SELECT transaction_month, merchant_category, CAST(SUM(total_spend) AS DOUBLE) AS total_spend
FROM CUSTOMER_ANALYTICS.GOLD.AGG_MONTHLY_SPEND
GROUP BY transaction_month, merchant_category
ORDER BY transaction_month, merchant_category;

-- name: churn_tiers
SELECT
    risk_tier,
    COUNT(*)                                    AS customers,
    CAST(AVG(churn_probability) AS DOUBLE)      AS avg_churn_probability,
    CAST(MIN(churn_probability) AS DOUBLE)      AS min_churn_probability
FROM CUSTOMER_ANALYTICS.GOLD.CHURN_PREDICTIONS
GROUP BY risk_tier
ORDER BY min_churn_probability DESC;

-- name: churn_model
SELECT
    model_version,
    gate_verdict,
    CAST(heldout_auc AS DOUBLE)     AS heldout_auc,
    CAST(baseline_auc AS DOUBLE)    AS baseline_auc,
    CAST(shuffled_auc_p95 AS DOUBLE) AS shuffled_auc_p95,
    trained_at
FROM CUSTOMER_ANALYTICS.GOLD.CHURN_MODEL_REGISTRY
ORDER BY trained_at DESC, model_version
LIMIT 1;

-- name: at_risk_customers
SELECT
    p.risk_rank,
    p.customer_id,
    c.first_name || ' ' || c.last_name          AS customer_name,
    c.customer_segment,
    c.card_type,
    p.risk_tier,
    CAST(p.churn_probability AS DOUBLE)         AS churn_probability,
    p.days_silent,
    CAST(c.spend_last_90d AS DOUBLE)            AS spend_last_90d,
    CAST(c.spend_trend_pct AS DOUBLE)           AS spend_trend_pct,
    p.top_factor_1,
    p.top_factor_2,
    p.top_factor_3
FROM CUSTOMER_ANALYTICS.GOLD.CHURN_PREDICTIONS AS p
LEFT JOIN CUSTOMER_ANALYTICS.GOLD.CUSTOMER_360_PROFILE AS c ON c.customer_id = p.customer_id
WHERE p.risk_tier IN ('High', 'Medium')
ORDER BY p.risk_rank;
