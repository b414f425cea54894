-- Churn model on Snowflake, step 2 of 4: train SNOWFLAKE.ML.CLASSIFICATION on the training dates,
-- and the recency-only baseline the model has to beat (the same rows, one feature).
-- Every column of V_CHURN_TRAIN except the target is a feature; STRING columns (card type) are
-- categorical, NUMBER/FLOAT columns continuous. The target is the view's CHURNED_NEXT_MONTH.
USE DATABASE CUSTOMER_ANALYTICS;
USE SCHEMA GOLD;

CREATE OR REPLACE SNOWFLAKE.ML.CLASSIFICATION GOLD.CHURN_CLASSIFIER(
    INPUT_DATA => SYSTEM$REFERENCE('VIEW', 'CUSTOMER_ANALYTICS.GOLD.V_CHURN_TRAIN'),
    TARGET_COLNAME => 'CHURNED_NEXT_MONTH',
    CONFIG_OBJECT => {'evaluate': TRUE, 'on_error': 'ABORT'}
);

-- Snowflake's own evaluation (a split it draws from the training dates), per class and overall.
CALL GOLD.CHURN_CLASSIFIER!SHOW_EVALUATION_METRICS();
CALL GOLD.CHURN_CLASSIFIER!SHOW_GLOBAL_EVALUATION_METRICS();
CALL GOLD.CHURN_CLASSIFIER!SHOW_CONFUSION_MATRIX();

-- Which features the model leans on (rank, feature, score, feature_type).
CALL GOLD.CHURN_CLASSIFIER!SHOW_FEATURE_IMPORTANCE();

-- The recency-only baseline: days since the last approved transaction, nothing else.
CREATE OR REPLACE VIEW GOLD.V_CHURN_TRAIN_RECENCY AS
SELECT days_since_last_tx, churned_next_month
FROM GOLD.V_CHURN_TRAIN;

CREATE OR REPLACE SNOWFLAKE.ML.CLASSIFICATION GOLD.CHURN_RECENCY_BASELINE(
    INPUT_DATA => SYSTEM$REFERENCE('VIEW', 'CUSTOMER_ANALYTICS.GOLD.V_CHURN_TRAIN_RECENCY'),
    TARGET_COLNAME => 'CHURNED_NEXT_MONTH',
    CONFIG_OBJECT => {'evaluate': FALSE, 'on_error': 'ABORT'}
);
