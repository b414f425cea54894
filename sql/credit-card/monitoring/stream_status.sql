-- =====================================================================================
-- The stream on BRONZE.BRONZE_TRANSACTIONS: does it have data, what is pending, is it stale,
-- and what did the incremental task do. Selecting from a stream does not consume it: only a DML
-- statement that reads it (the MERGE of process_incremental_transactions) advances its offset.
-- The local emulation answers the same with `c360-demo stream status`.
-- =====================================================================================

USE ROLE C360_ENGINEER;
USE WAREHOUSE COMPUTE_WH;
USE DATABASE CUSTOMER_ANALYTICS;
USE SCHEMA BRONZE;

SELECT SYSTEM$STREAM_HAS_DATA('CUSTOMER_ANALYTICS.BRONZE.BRONZE_TRANSACTIONS_STREAM') AS has_data;

SHOW STREAMS LIKE 'BRONZE_TRANSACTIONS_STREAM' IN SCHEMA CUSTOMER_ANALYTICS.BRONZE;

-- Pending change rows, with the stream's metadata columns.
SELECT "METADATA$ACTION", "METADATA$ISUPDATE", "METADATA$ROW_ID", transaction_id, customer_id, transaction_date, transaction_amount, status
FROM CUSTOMER_ANALYTICS.BRONZE.BRONZE_TRANSACTIONS_STREAM
ORDER BY transaction_id
LIMIT 20;

SELECT "METADATA$ACTION" AS action, COUNT(*) AS pending_rows
FROM CUSTOMER_ANALYTICS.BRONZE.BRONZE_TRANSACTIONS_STREAM
GROUP BY 1;

-- The incremental task's last runs: SKIPPED when the stream was empty.
SELECT name, state, scheduled_time, completed_time, error_message
FROM TABLE(CUSTOMER_ANALYTICS.INFORMATION_SCHEMA.TASK_HISTORY(
  TASK_NAME => 'PROCESS_INCREMENTAL_TRANSACTIONS',
  SCHEDULED_TIME_RANGE_START => DATEADD('hour', -6, CURRENT_TIMESTAMP()),
  RESULT_LIMIT => 100
))
ORDER BY scheduled_time DESC;
