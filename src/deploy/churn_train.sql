-- The churn model's four steps (sql/ml/), from the stage deploy filled: what the train_churn_model task runs.
EXECUTE IMMEDIATE FROM @CUSTOMER_ANALYTICS.BRONZE.C360_SQL/orchestration/train_churn_model.sql
