-- Churn model on Snowflake, step 3 of 4: the honest number. Score the held-out (later) cutoffs the
-- model never saw and compute ROC AUC as the Mann-Whitney statistic: the probability that a
-- churner scores above a customer who stayed (ties count one half), from average ranks.
USE DATABASE CUSTOMER_ANALYTICS;
USE SCHEMA GOLD;

CREATE OR REPLACE TABLE GOLD.CHURN_HOLDOUT_SCORES AS
SELECT
    h.customer_id,
    h.cutoff_date,
    h.churned_next_month,
    GOLD.CHURN_CLASSIFIER!PREDICT(INPUT_DATA => OBJECT_CONSTRUCT(*)):probability:"1"::FLOAT AS churn_probability
FROM GOLD.V_CHURN_HOLDOUT AS h;

CREATE OR REPLACE TABLE GOLD.CHURN_HOLDOUT_EVALUATION AS
WITH ranked AS (
    SELECT
        churned_next_month,
        -- Average rank of tied scores: (first rank + last rank) / 2.
        (RANK() OVER (ORDER BY churn_probability)
         + COUNT(*) OVER (PARTITION BY churn_probability)
         + RANK() OVER (ORDER BY churn_probability) - 1) / 2.0 AS average_rank
    FROM GOLD.CHURN_HOLDOUT_SCORES
),
totals AS (
    SELECT
        SUM(churned_next_month) AS positives,
        COUNT(*) - SUM(churned_next_month) AS negatives,
        SUM(CASE WHEN churned_next_month = 1 THEN average_rank ELSE 0 END) AS positive_rank_sum
    FROM ranked
)
SELECT
    positives,
    negatives,
    positives / NULLIF(positives + negatives, 0) AS base_rate,
    (positive_rank_sum - positives * (positives + 1) / 2.0) / NULLIF(positives * negatives, 0) AS roc_auc,
    CURRENT_TIMESTAMP() AS evaluated_at
FROM totals;

SELECT * FROM GOLD.CHURN_HOLDOUT_EVALUATION;
