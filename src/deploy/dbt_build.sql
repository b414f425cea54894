-- The dbt project deploy created, run natively in Snowflake. Bronze has just been reloaded, so
-- the incremental models start over.
EXECUTE DBT PROJECT CUSTOMER_ANALYTICS.PUBLIC.CUSTOMER_ANALYTICS_DBT ARGS = 'build --full-refresh'
