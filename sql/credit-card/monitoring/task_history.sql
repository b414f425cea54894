-- =====================================================================================
-- Task monitoring: what ran in the last 24 hours, what runs next, and graph-level outcomes.
-- The local emulation answers the same questions with `c360-demo tasks history`.
-- =====================================================================================

USE ROLE C360_ENGINEER;
USE WAREHOUSE COMPUTE_WH;
USE DATABASE CUSTOMER_ANALYTICS;

-- Every task run of the last 24 hours (and the next scheduled ones), newest first.
SELECT
  name,
  state,
  scheduled_time,
  query_start_time,
  completed_time,
  DATEDIFF('second', query_start_time, completed_time) AS seconds,
  error_code,
  error_message,
  scheduled_from,
  run_id,
  root_task_id,
  query_id
FROM TABLE(CUSTOMER_ANALYTICS.INFORMATION_SCHEMA.TASK_HISTORY(
  SCHEDULED_TIME_RANGE_START => DATEADD('hour', -24, CURRENT_TIMESTAMP()),
  RESULT_LIMIT => 1000
))
WHERE database_name = 'CUSTOMER_ANALYTICS'
ORDER BY scheduled_time DESC;

-- One row per graph run of the weekly DAG: how long the whole pipeline took, and how it ended.
SELECT
  run_id,
  MIN(query_start_time) AS started,
  MAX(completed_time) AS finished,
  DATEDIFF('second', MIN(query_start_time), MAX(completed_time)) AS seconds,
  COUNT_IF(state = 'SUCCEEDED') AS succeeded,
  COUNT_IF(state = 'FAILED') AS failed,
  COUNT_IF(state = 'SKIPPED') AS skipped,
  COUNT(*) AS task_runs
FROM TABLE(CUSTOMER_ANALYTICS.INFORMATION_SCHEMA.TASK_HISTORY(
  SCHEDULED_TIME_RANGE_START => DATEADD('day', -7, CURRENT_TIMESTAMP()),
  RESULT_LIMIT => 10000
))
WHERE database_name = 'CUSTOMER_ANALYTICS'
  AND name IN ('GENERATE_CUSTOMER_DATA', 'GENERATE_TRANSACTION_DATA', 'RUN_DBT_TRANSFORMATIONS',
               'TRAIN_CHURN_MODEL', 'REFRESH_ANALYTICS_VIEWS')
  AND query_id IS NOT NULL
GROUP BY run_id
ORDER BY run_id DESC;

-- Graph runs in flight right now.
SELECT root_task_name, state, scheduled_time, query_start_time, first_error_task_name, first_error_message
FROM TABLE(CUSTOMER_ANALYTICS.INFORMATION_SCHEMA.CURRENT_TASK_GRAPHS())
WHERE database_name = 'CUSTOMER_ANALYTICS';
