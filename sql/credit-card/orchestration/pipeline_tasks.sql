-- =====================================================================================
-- Customer 360: the task DAG and the incremental stream
--
--   generate_customer_data        (root, weekly: Sunday 02:00 UTC)
--     -> generate_transaction_data
--       -> run_dbt_transformations
--         -> train_churn_model
--           -> refresh_analytics_views
--
--   bronze_transactions_stream -> process_incremental_transactions
--                                 (every 5 minutes, only WHEN the stream has data)
--
-- Run on Snowflake after sql/setup/01_setup.sql and after uploading sql/ to the stage:
--   snow stage copy sql/ @CUSTOMER_ANALYTICS.BRONZE.C360_SQL --recursive --overwrite
--   snow sql -f sql/orchestration/pipeline_tasks.sql
--
-- This file is also the ONE definition of the DAG for the local emulation:
-- src/orchestration/dag.ts parses every CREATE TASK below (name, WAREHOUSE, SCHEDULE, AFTER,
-- WHEN, AS body). The `-- local:` comment above each task names the pipeline stage that does the
-- same work on the embedded DuckDB warehouse. The MERGE of process_incremental_transactions runs
-- locally as written here, against an emulated stream.
-- =====================================================================================

USE ROLE C360_ENGINEER;
USE WAREHOUSE COMPUTE_WH;
USE DATABASE CUSTOMER_ANALYTICS;
USE SCHEMA BRONZE;

-- -------------------------------------------------------------------------------------
-- The weekly batch DAG
-- -------------------------------------------------------------------------------------

-- local: generate
CREATE OR REPLACE TASK generate_customer_data
  WAREHOUSE = COMPUTE_WH
  SCHEDULE = 'USING CRON 0 2 * * SUN UTC'
  COMMENT = 'Root: regenerate the bronze customers with the Python stored procedure'
AS
  CALL BRONZE.GENERATE_CUSTOMERS(50000, 42);

-- local: validate
CREATE OR REPLACE TASK generate_transaction_data
  WAREHOUSE = COMPUTE_WH
  COMMENT = '18 months of transactions generated in SQL (GENERATOR/UNIFORM/NORMAL/ZIPF)'
  AFTER generate_customer_data
AS
  EXECUTE IMMEDIATE FROM @CUSTOMER_ANALYTICS.BRONZE.C360_SQL/data_generation/generate_transactions.sql;

-- local: dbt build
CREATE OR REPLACE TASK run_dbt_transformations
  WAREHOUSE = COMPUTE_WH
  COMMENT = 'dbt runs natively in Snowflake: silver and gold layers'
  AFTER generate_transaction_data
AS
  EXECUTE DBT PROJECT CUSTOMER_ANALYTICS.PUBLIC.CUSTOMER_ANALYTICS_DBT ARGS = 'build';

-- local: churn train
CREATE OR REPLACE TASK train_churn_model
  WAREHOUSE = COMPUTE_WH
  COMMENT = 'Churn features, training, holdout AUC gate, predictions'
  AFTER run_dbt_transformations
AS
  EXECUTE IMMEDIATE FROM @CUSTOMER_ANALYTICS.BRONZE.C360_SQL/orchestration/train_churn_model.sql;

-- local: share refresh
CREATE OR REPLACE TASK refresh_analytics_views
  WAREHOUSE = COMPUTE_WH
  COMMENT = 'Recreate the secure views the customer_360_insights share exposes'
  AFTER train_churn_model
AS
  EXECUTE IMMEDIATE FROM @CUSTOMER_ANALYTICS.BRONZE.C360_SQL/collaboration/secure_views.sql;

-- -------------------------------------------------------------------------------------
-- Incremental processing: a stream on the bronze transactions and a task that merges the new
-- rows into the fact table. A stream's offset advances only when the DML that reads it commits,
-- so a failed MERGE leaves both the stream and the fact table as they were.
-- -------------------------------------------------------------------------------------

CREATE OR REPLACE STREAM bronze_transactions_stream
  ON TABLE BRONZE.BRONZE_TRANSACTIONS
  APPEND_ONLY = TRUE
  COMMENT = 'New bronze transactions since the last incremental merge';

-- local: stream process
CREATE OR REPLACE TASK process_incremental_transactions
  WAREHOUSE = COMPUTE_WH
  SCHEDULE = '5 MINUTE'
  COMMENT = 'MERGE new bronze transactions into GOLD.FCT_TRANSACTIONS'
  WHEN SYSTEM$STREAM_HAS_DATA('bronze_transactions_stream')
AS
  MERGE INTO GOLD.FCT_TRANSACTIONS AS tgt
  USING (
    -- The same columns and typing as the dbt model fct_transactions (via stg_bronze__transactions).
    SELECT
      CAST(s.transaction_id AS BIGINT)                                AS transaction_id,
      TRIM(s.customer_id)                                             AS customer_id,
      c.customer_segment                                              AS customer_segment,
      CAST(s.transaction_date AS TIMESTAMP)                           AS transaction_ts,
      CAST(s.transaction_date AS DATE)                                AS transaction_date,
      CAST(DATE_TRUNC('month', CAST(s.transaction_date AS DATE)) AS DATE) AS transaction_month,
      CAST(s.transaction_amount AS DECIMAL(10, 2))                    AS transaction_amount,
      s.merchant_category                                             AS merchant_category,
      s.channel                                                       AS channel,
      LOWER(s.status) = 'approved'                                    AS is_approved
    FROM BRONZE.bronze_transactions_stream AS s
    LEFT JOIN BRONZE.BRONZE_CUSTOMERS AS c
      ON c.customer_id = TRIM(s.customer_id)
    WHERE s."METADATA$ACTION" = 'INSERT'
      AND s.transaction_id IS NOT NULL
    QUALIFY ROW_NUMBER() OVER (PARTITION BY s.transaction_id ORDER BY s.transaction_date) = 1
  ) AS src
  ON tgt.transaction_id = src.transaction_id
  WHEN NOT MATCHED THEN INSERT (
    transaction_id, customer_id, customer_segment, transaction_ts, transaction_date, transaction_month,
    transaction_amount, merchant_category, channel, is_approved
  ) VALUES (
    src.transaction_id, src.customer_id, src.customer_segment, src.transaction_ts, src.transaction_date, src.transaction_month,
    src.transaction_amount, src.merchant_category, src.channel, src.is_approved
  );

-- -------------------------------------------------------------------------------------
-- Start the graph: children first, the root last (a root that starts before its children
-- would run a graph whose children are still suspended).
-- -------------------------------------------------------------------------------------
ALTER TASK refresh_analytics_views RESUME;
ALTER TASK train_churn_model RESUME;
ALTER TASK run_dbt_transformations RESUME;
ALTER TASK generate_transaction_data RESUME;
ALTER TASK generate_customer_data RESUME;
ALTER TASK process_incremental_transactions RESUME;
