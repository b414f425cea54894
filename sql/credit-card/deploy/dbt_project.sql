-- =====================================================================================
-- `c360-demo deploy`, step "dbt": the dbt project object, from the dbt/ folder deploy has just
-- uploaded to the stage (no Git integration needed; sql/dbt/deploy_dbt_project.sql is the
-- Git-repository variant). The tasks run it with EXECUTE DBT PROJECT ... ARGS = 'build'.
-- =====================================================================================

USE ROLE C360_ENGINEER;

CREATE OR REPLACE DBT PROJECT CUSTOMER_ANALYTICS.PUBLIC.CUSTOMER_ANALYTICS_DBT
  FROM '@CUSTOMER_ANALYTICS.PUBLIC.C360_DBT_PROJECT'
  DEFAULT_TARGET = 'snowflake'
  COMMENT = 'c360-demo: BRONZE -> SILVER -> GOLD medallion transformations';
