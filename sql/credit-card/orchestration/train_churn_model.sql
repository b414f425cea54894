-- =====================================================================================
-- The train_churn_model task's script: the four steps of the churn model in sql/ml/, in order
-- (training views, SNOWFLAKE.ML.CLASSIFICATION training and the recency baseline, evaluation on
-- every held-out row with the shuffled-label control, the three-part gate and the at-risk list).
-- Step 4 fails the script when the gate refuses, so the task is FAILED and refresh_analytics_views
-- does not run on stale predictions. The paths are absolute stage paths (the stage `deploy` fills
-- from sql/), so nothing depends on how a relative path would resolve inside a task.
-- =====================================================================================

EXECUTE IMMEDIATE FROM @CUSTOMER_ANALYTICS.BRONZE.C360_SQL/ml/01_churn_training_views.sql;
EXECUTE IMMEDIATE FROM @CUSTOMER_ANALYTICS.BRONZE.C360_SQL/ml/02_train_churn_model.sql;
EXECUTE IMMEDIATE FROM @CUSTOMER_ANALYTICS.BRONZE.C360_SQL/ml/03_holdout_evaluation.sql;
EXECUTE IMMEDIATE FROM @CUSTOMER_ANALYTICS.BRONZE.C360_SQL/ml/04_gate_and_predict.sql;
