-- =====================================================================================
-- `c360-demo deploy`, step "tasks", first: suspend the roots of a graph deployed before.
-- Snowflake refuses to replace or resume a child while its root runs; pipeline_tasks.sql then
-- recreates the tasks (suspended) and resumes the children before the roots.
-- =====================================================================================

USE ROLE C360_ENGINEER;

ALTER TASK IF EXISTS CUSTOMER_ANALYTICS.BRONZE.GENERATE_CUSTOMER_DATA SUSPEND;
ALTER TASK IF EXISTS CUSTOMER_ANALYTICS.BRONZE.PROCESS_INCREMENTAL_TRANSACTIONS SUSPEND;
