-- =============================================================================
-- Deploy the dbt project in dbt/ as a Snowflake dbt project object and run it
-- (dbt Projects on Snowflake). Run as a role that may create integrations and
-- objects in CUSTOMER_ANALYTICS, e.g. ACCOUNTADMIN for step 1, SYSADMIN after.
--
-- Replace the repository URL (and the secret, for a private repository).
-- The project's profiles.yml has the `snowflake` target Snowflake requires; on
-- Snowflake it runs as the current user/role/warehouse, no password is used.
-- =============================================================================

USE DATABASE CUSTOMER_ANALYTICS;
USE SCHEMA PUBLIC;
USE WAREHOUSE COMPUTE_WH;

-- 1. Let Snowflake reach the Git host (once per account).
CREATE API INTEGRATION IF NOT EXISTS c360_git_api_integration
  API_PROVIDER = git_https_api
  API_ALLOWED_PREFIXES = ('https://github.com/')
  ENABLED = TRUE;

-- For a private repository, also:
-- CREATE OR REPLACE SECRET c360_git_secret
--   TYPE = password USERNAME = '<github user>' PASSWORD = '<personal access token>';
-- and add  GIT_CREDENTIALS = c360_git_secret  to the repository below.

-- 2. The Git repository stage holding this repo.
CREATE OR REPLACE GIT REPOSITORY CUSTOMER_ANALYTICS.PUBLIC.c360_demo_repo
  API_INTEGRATION = c360_git_api_integration
  ORIGIN = 'https://github.com/<your-org>/c360-demo.git';

ALTER GIT REPOSITORY CUSTOMER_ANALYTICS.PUBLIC.c360_demo_repo FETCH;

-- The project is the dbt/ folder of the main branch.
LIST @CUSTOMER_ANALYTICS.PUBLIC.c360_demo_repo/branches/main/dbt;

-- 3. The dbt project object, created from the repository stage.
CREATE OR REPLACE DBT PROJECT CUSTOMER_ANALYTICS.PUBLIC.customer_analytics_dbt
  FROM '@CUSTOMER_ANALYTICS.PUBLIC.c360_demo_repo/branches/main/dbt'
  DEFAULT_TARGET = 'snowflake'
  COMMENT = 'c360-demo: BRONZE -> SILVER -> GOLD medallion transformations';

SHOW DBT PROJECTS IN SCHEMA CUSTOMER_ANALYTICS.PUBLIC;

-- 4. Build: run the models and their tests (the seed's task uses ARGS = 'run').
EXECUTE DBT PROJECT CUSTOMER_ANALYTICS.PUBLIC.customer_analytics_dbt ARGS = 'build';

-- Variants:
--   EXECUTE DBT PROJECT CUSTOMER_ANALYTICS.PUBLIC.customer_analytics_dbt ARGS = 'build --select +customer_360_profile';
--   EXECUTE DBT PROJECT CUSTOMER_ANALYTICS.PUBLIC.customer_analytics_dbt ARGS = 'build --full-refresh';
--   EXECUTE DBT PROJECT CUSTOMER_ANALYTICS.PUBLIC.customer_analytics_dbt ARGS = 'test';

-- 5. After a change is pushed: fetch, and add a new version of the project object.
-- ALTER GIT REPOSITORY CUSTOMER_ANALYTICS.PUBLIC.c360_demo_repo FETCH;
-- ALTER DBT PROJECT CUSTOMER_ANALYTICS.PUBLIC.customer_analytics_dbt
--   ADD VERSION FROM '@CUSTOMER_ANALYTICS.PUBLIC.c360_demo_repo/branches/main/dbt';
