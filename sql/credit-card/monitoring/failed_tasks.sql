-- =====================================================================================
-- Failed task runs of the last 7 days, with the error, newest first; and how often each task
-- failed. A failed task stops its children: the first FAILED row of a run is where to look.
-- =====================================================================================

USE ROLE C360_ENGINEER;
USE WAREHOUSE COMPUTE_WH;
USE DATABASE CUSTOMER_ANALYTICS;

SELECT
  name,
  state,
  error_code,
  error_message,
  scheduled_time,
  query_start_time,
  completed_time,
  run_id,
  query_id
FROM TABLE(CUSTOMER_ANALYTICS.INFORMATION_SCHEMA.TASK_HISTORY(
  SCHEDULED_TIME_RANGE_START => DATEADD('day', -7, CURRENT_TIMESTAMP()),
  ERROR_ONLY => TRUE,
  RESULT_LIMIT => 1000
))
WHERE database_name = 'CUSTOMER_ANALYTICS'
ORDER BY scheduled_time DESC;

SELECT
  name,
  COUNT(*) AS runs,
  COUNT_IF(state IN ('FAILED', 'FAILED_AND_AUTO_SUSPENDED')) AS failures,
  ROUND(100 * COUNT_IF(state IN ('FAILED', 'FAILED_AND_AUTO_SUSPENDED')) / NULLIF(COUNT(*), 0), 1) AS failure_pct,
  MAX(IFF(state IN ('FAILED', 'FAILED_AND_AUTO_SUSPENDED'), completed_time, NULL)) AS last_failure
FROM TABLE(CUSTOMER_ANALYTICS.INFORMATION_SCHEMA.TASK_HISTORY(
  SCHEDULED_TIME_RANGE_START => DATEADD('day', -7, CURRENT_TIMESTAMP()),
  RESULT_LIMIT => 10000
))
WHERE database_name = 'CUSTOMER_ANALYTICS'
  AND query_id IS NOT NULL
GROUP BY name
ORDER BY failures DESC, name;

-- The details of the statement behind the latest failure (join on query_id).
SELECT q.query_id, q.query_text, q.error_code, q.error_message, q.start_time, q.total_elapsed_time
FROM TABLE(CUSTOMER_ANALYTICS.INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 1000)) AS q
WHERE q.execution_status = 'FAIL'
  AND q.query_text ILIKE ANY ('%GENERATE_CUSTOMERS%', '%generate_transactions%', '%CUSTOMER_ANALYTICS_DBT%', '%train_churn_model%', '%secure_views%', '%FCT_TRANSACTIONS%')
ORDER BY q.start_time DESC
LIMIT 20;
