-- The last 24 hours of task runs (Snowflake: INFORMATION_SCHEMA.TASK_HISTORY)
SELECT name, state, scheduled_time, completed_time, error_message
FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(
    SCHEDULED_TIME_RANGE_START => DATEADD('hour', -24, CURRENT_TIMESTAMP())
))
WHERE database_name = 'CUSTOMER_ANALYTICS'
ORDER BY scheduled_time DESC;
