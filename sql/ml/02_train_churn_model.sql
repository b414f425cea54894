-- Churn model on Snowflake, step 2 of 4: train SNOWFLAKE.ML.CLASSIFICATION on the training dates.
-- Every column of V_CHURN_TRAIN except the target is a feature; STRING columns (segment, card type)
-- are categorical, NUMBER/FLOAT columns continuous.
USE DATABASE CUSTOMER_ANALYTICS;
USE SCHEMA GOLD;

CREATE OR REPLACE SNOWFLAKE.ML.CLASSIFICATION GOLD.CHURN_CLASSIFIER(
    INPUT_DATA => SYSTEM$REFERENCE('VIEW', 'CUSTOMER_ANALYTICS.GOLD.V_CHURN_TRAIN'),
    TARGET_COLNAME => 'CHURNED_NEXT_30D',
    CONFIG_OBJECT => {'evaluate': TRUE, 'on_error': 'ABORT'}
);

-- Snowflake's own evaluation (a split it draws from the training dates), per class and overall.
CALL GOLD.CHURN_CLASSIFIER!SHOW_EVALUATION_METRICS();
CALL GOLD.CHURN_CLASSIFIER!SHOW_GLOBAL_EVALUATION_METRICS();
CALL GOLD.CHURN_CLASSIFIER!SHOW_CONFUSION_MATRIX();

-- Which features the model leans on (rank, feature, score, feature_type).
CALL GOLD.CHURN_CLASSIFIER!SHOW_FEATURE_IMPORTANCE();
