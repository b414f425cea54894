-- Churn model on Snowflake, step 3 of 4: the honest numbers, on every held-out row (no sampling).
--  * the model and the recency-only baseline score every row of the later cutoffs;
--  * ROC AUC as the Mann-Whitney statistic (the probability that a churner scores above a customer
--    who stayed, ties count one half), with a 95% interval from 200 Poisson-bootstrap replicates
--    over customers (each customer's rows get the same weight in a replicate: they are not
--    independent); PR AUC (average precision), Brier score, precision and recall at 0.5, lift at
--    the top 1/5/10%, base rates in the training and held-out months;
--  * the shuffled-label control: 20 classifiers trained on the training rows with their labels
--    permuted (deterministically, a hash per fit), each scored on the real held-out labels. This
--    trains 20 more models: it costs about 20 times step 2.
USE DATABASE CUSTOMER_ANALYTICS;
USE SCHEMA GOLD;

CREATE OR REPLACE TABLE GOLD.CHURN_HOLDOUT_SCORES AS
SELECT
    h.customer_id,
    h.cutoff_date,
    h.churned_next_month,
    GOLD.CHURN_CLASSIFIER!PREDICT(INPUT_DATA => OBJECT_CONSTRUCT(*)):probability:"1"::FLOAT AS churn_probability,
    GOLD.CHURN_RECENCY_BASELINE!PREDICT(INPUT_DATA => OBJECT_CONSTRUCT('DAYS_SINCE_LAST_TX', h.days_since_last_tx)):probability:"1"::FLOAT AS baseline_probability
FROM GOLD.V_CHURN_HOLDOUT AS h;

-- One row per scorer and bootstrap replicate (replicate 0 = the data as it is, weight 1 each).
CREATE OR REPLACE TABLE GOLD.CHURN_HOLDOUT_AUC AS
WITH replicates AS (
    SELECT SEQ4() AS replicate FROM TABLE(GENERATOR(ROWCOUNT => 201))
),
draws AS (
    SELECT s.*, r.replicate, (ABS(HASH(s.customer_id, r.replicate)) % 1000000) / 1000000.0 AS u
    FROM (
        SELECT customer_id, churned_next_month, 'model' AS scorer, churn_probability AS score FROM GOLD.CHURN_HOLDOUT_SCORES
        UNION ALL
        SELECT customer_id, churned_next_month, 'recency', baseline_probability FROM GOLD.CHURN_HOLDOUT_SCORES
    ) AS s
    CROSS JOIN replicates AS r
),
weighted AS (
    SELECT
        scorer,
        replicate,
        score,
        churned_next_month,
        CASE
            WHEN replicate = 0 THEN 1
            -- Poisson(1) draws from a hash of (customer, replicate): the inverse of its CDF.
            WHEN u < 0.367879 THEN 0 WHEN u < 0.735759 THEN 1 WHEN u < 0.919699 THEN 2
            WHEN u < 0.981012 THEN 3 WHEN u < 0.996340 THEN 4 ELSE 5
        END AS weight
    FROM draws
),
ranked AS (
    SELECT
        scorer, replicate, churned_next_month, weight,
        -- Stayed weight at or below this score, and tied with it.
        SUM(CASE WHEN churned_next_month = 0 THEN weight ELSE 0 END)
            OVER (PARTITION BY scorer, replicate ORDER BY score RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS negatives_at_or_below,
        SUM(CASE WHEN churned_next_month = 0 THEN weight ELSE 0 END)
            OVER (PARTITION BY scorer, replicate, score) AS negatives_tied
    FROM weighted
)
SELECT
    scorer,
    replicate,
    SUM(CASE WHEN churned_next_month = 1 THEN weight * (negatives_at_or_below - negatives_tied / 2.0) ELSE 0 END)
        / NULLIF(SUM(CASE WHEN churned_next_month = 1 THEN weight ELSE 0 END) * SUM(CASE WHEN churned_next_month = 0 THEN weight ELSE 0 END), 0) AS roc_auc
FROM ranked
GROUP BY scorer, replicate;

CREATE OR REPLACE TABLE GOLD.CHURN_HOLDOUT_EVALUATION AS
WITH scored AS (
    SELECT 'model' AS scorer, churned_next_month, churn_probability AS score FROM GOLD.CHURN_HOLDOUT_SCORES
    UNION ALL
    SELECT 'recency', churned_next_month, baseline_probability FROM GOLD.CHURN_HOLDOUT_SCORES
),
ordered AS (
    SELECT
        scorer, churned_next_month, score,
        ROW_NUMBER() OVER (PARTITION BY scorer ORDER BY score DESC) AS position,
        COUNT(*) OVER (PARTITION BY scorer) AS row_count,
        SUM(churned_next_month) OVER (PARTITION BY scorer) AS churners,
        -- Average precision: precision at each churner's position, ties taken together.
        SUM(churned_next_month) OVER (PARTITION BY scorer ORDER BY score DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS tp_at_score,
        COUNT(*) OVER (PARTITION BY scorer ORDER BY score DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS called_at_score
    FROM scored
),
summary AS (
    SELECT
        scorer,
        MAX(row_count) AS row_count,
        MAX(churners) AS churners,
        SUM(CASE WHEN churned_next_month = 1 THEN tp_at_score / called_at_score ELSE 0 END) / NULLIF(MAX(churners), 0) AS pr_auc,
        AVG(POWER(score - churned_next_month, 2)) AS brier,
        SUM(CASE WHEN score >= 0.5 AND churned_next_month = 1 THEN 1 ELSE 0 END) / NULLIF(SUM(CASE WHEN score >= 0.5 THEN 1 ELSE 0 END), 0) AS precision_at_half,
        SUM(CASE WHEN score >= 0.5 AND churned_next_month = 1 THEN 1 ELSE 0 END) / NULLIF(MAX(churners), 0) AS recall_at_half,
        SUM(CASE WHEN position <= CEIL(0.01 * row_count) THEN churned_next_month ELSE 0 END) / NULLIF(MAX(churners), 0) AS captured_top_1pct,
        SUM(CASE WHEN position <= CEIL(0.05 * row_count) THEN churned_next_month ELSE 0 END) / NULLIF(MAX(churners), 0) AS captured_top_5pct,
        SUM(CASE WHEN position <= CEIL(0.10 * row_count) THEN churned_next_month ELSE 0 END) / NULLIF(MAX(churners), 0) AS captured_top_10pct
    FROM ordered
    GROUP BY scorer
),
intervals AS (
    SELECT
        scorer,
        MAX(CASE WHEN replicate = 0 THEN roc_auc END) AS roc_auc,
        PERCENTILE_CONT(0.025) WITHIN GROUP (ORDER BY CASE WHEN replicate > 0 THEN roc_auc END) AS roc_auc_low,
        PERCENTILE_CONT(0.975) WITHIN GROUP (ORDER BY CASE WHEN replicate > 0 THEN roc_auc END) AS roc_auc_high
    FROM GOLD.CHURN_HOLDOUT_AUC
    GROUP BY scorer
),
train_rate AS (
    SELECT AVG(churned_next_month) AS train_base_rate FROM GOLD.V_CHURN_TRAIN
)
SELECT
    s.scorer,
    s.row_count,
    s.churners,
    s.churners / NULLIF(s.row_count, 0) AS base_rate,
    t.train_base_rate,
    i.roc_auc,
    i.roc_auc_low,
    i.roc_auc_high,
    s.pr_auc,
    s.brier,
    s.precision_at_half,
    s.recall_at_half,
    s.captured_top_1pct,
    s.captured_top_5pct,
    s.captured_top_10pct,
    s.captured_top_10pct / 0.10 AS lift_top_10pct,
    CURRENT_TIMESTAMP() AS evaluated_at
FROM summary AS s
JOIN intervals AS i ON i.scorer = s.scorer
CROSS JOIN train_rate AS t;

-- The shuffled-label control.
CREATE OR REPLACE TABLE GOLD.CHURN_SHUFFLED_CONTROL (fit INTEGER, roc_auc FLOAT);

EXECUTE IMMEDIATE $$
DECLARE
    fits INTEGER DEFAULT 20;
BEGIN
    FOR fit IN 1 TO fits DO
        -- The same training rows; the label of the row at position k (by customer and cutoff) goes
        -- to the row at position k of a hash order that changes with the fit.
        CREATE OR REPLACE TABLE GOLD.CHURN_TRAIN_SHUFFLED AS
        WITH positioned AS (
            SELECT
                t.*,
                ROW_NUMBER() OVER (ORDER BY t.customer_id, t.cutoff_date) AS row_position,
                ROW_NUMBER() OVER (ORDER BY HASH(t.customer_id, t.cutoff_date, :fit), t.customer_id, t.cutoff_date) AS label_position
            FROM GOLD.V_CHURN_TRAIN_ROWS AS t
        )
        SELECT r.* EXCLUDE (customer_id, cutoff_date, row_position, label_position, churned_next_month), l.churned_next_month
        FROM positioned AS r
        JOIN positioned AS l ON l.row_position = r.label_position;

        CREATE OR REPLACE SNOWFLAKE.ML.CLASSIFICATION GOLD.CHURN_SHUFFLED_CLASSIFIER(
            INPUT_DATA => SYSTEM$REFERENCE('TABLE', 'CUSTOMER_ANALYTICS.GOLD.CHURN_TRAIN_SHUFFLED'),
            TARGET_COLNAME => 'CHURNED_NEXT_MONTH',
            CONFIG_OBJECT => {'evaluate': FALSE, 'on_error': 'ABORT'}
        );

        INSERT INTO GOLD.CHURN_SHUFFLED_CONTROL
        WITH scored AS (
            SELECT
                h.churned_next_month,
                GOLD.CHURN_SHUFFLED_CLASSIFIER!PREDICT(INPUT_DATA => OBJECT_CONSTRUCT(*)):probability:"1"::FLOAT AS score
            FROM GOLD.V_CHURN_HOLDOUT AS h
        ),
        ranked AS (
            SELECT
                churned_next_month,
                COUNT_IF(churned_next_month = 0) OVER (ORDER BY score RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS negatives_at_or_below,
                COUNT_IF(churned_next_month = 0) OVER (PARTITION BY score) AS negatives_tied
            FROM scored
        )
        SELECT
            :fit,
            SUM(CASE WHEN churned_next_month = 1 THEN negatives_at_or_below - negatives_tied / 2.0 ELSE 0 END)
                / NULLIF(COUNT_IF(churned_next_month = 1) * COUNT_IF(churned_next_month = 0), 0)
        FROM ranked;
    END FOR;
    DROP SNOWFLAKE.ML.CLASSIFICATION IF EXISTS GOLD.CHURN_SHUFFLED_CLASSIFIER;
    RETURN 'shuffled-label control: ' || fits || ' fits';
END;
$$;

SELECT * FROM GOLD.CHURN_HOLDOUT_EVALUATION ORDER BY scorer;
SELECT MIN(roc_auc) AS min_auc, MEDIAN(roc_auc) AS median_auc, PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY roc_auc) AS p95_auc, MAX(roc_auc) AS max_auc
FROM GOLD.CHURN_SHUFFLED_CONTROL;
