-- =====================================================================================
-- Customer 360 on Snowflake: account objects. Run once, as ACCOUNTADMIN:
--   snow sql -f sql/setup/01_setup.sql
-- Creates the warehouse, the roles, the database with its schemas (BRONZE raw, SILVER staging,
-- GOLD marts, TELEMETRY run metrics), the bronze tables, the stage the tasks read scripts from,
-- and the grants. Idempotent: IF NOT EXISTS everywhere.
-- =====================================================================================

USE ROLE ACCOUNTADMIN;

-- Compute: small is enough for 13.5M transactions; suspends after a minute idle.
CREATE WAREHOUSE IF NOT EXISTS COMPUTE_WH
  WAREHOUSE_SIZE = 'SMALL'
  AUTO_SUSPEND = 60
  AUTO_RESUME = TRUE
  INITIALLY_SUSPENDED = TRUE
  COMMENT = 'Customer 360 demo: generation, dbt, ML, tasks';

-- Roles: the engineer owns and runs the pipeline; the analyst reads GOLD.
CREATE ROLE IF NOT EXISTS C360_ENGINEER COMMENT = 'Builds and runs the Customer 360 pipeline';
CREATE ROLE IF NOT EXISTS C360_ANALYST COMMENT = 'Reads the Customer 360 gold layer';
GRANT ROLE C360_ANALYST TO ROLE C360_ENGINEER;
GRANT ROLE C360_ENGINEER TO ROLE SYSADMIN;

-- Database and schemas.
CREATE DATABASE IF NOT EXISTS CUSTOMER_ANALYTICS COMMENT = 'Customer 360 analytics (credit-card portfolio)';
CREATE SCHEMA IF NOT EXISTS CUSTOMER_ANALYTICS.BRONZE COMMENT = 'Raw generated data, as loaded';
CREATE SCHEMA IF NOT EXISTS CUSTOMER_ANALYTICS.SILVER COMMENT = 'Cleaned and conformed (dbt staging)';
CREATE SCHEMA IF NOT EXISTS CUSTOMER_ANALYTICS.GOLD COMMENT = 'Dimensions, facts, metrics, churn predictions';
CREATE SCHEMA IF NOT EXISTS CUSTOMER_ANALYTICS.TELEMETRY COMMENT = 'Generation and data-quality telemetry';

-- Ownership and use.
GRANT USAGE, OPERATE ON WAREHOUSE COMPUTE_WH TO ROLE C360_ENGINEER;
GRANT USAGE ON WAREHOUSE COMPUTE_WH TO ROLE C360_ANALYST;
GRANT OWNERSHIP ON DATABASE CUSTOMER_ANALYTICS TO ROLE C360_ENGINEER COPY CURRENT GRANTS;
GRANT OWNERSHIP ON ALL SCHEMAS IN DATABASE CUSTOMER_ANALYTICS TO ROLE C360_ENGINEER COPY CURRENT GRANTS;
-- Tasks run with the owner's privileges; EXECUTE TASK is an account privilege.
GRANT EXECUTE TASK ON ACCOUNT TO ROLE C360_ENGINEER;
GRANT EXECUTE MANAGED TASK ON ACCOUNT TO ROLE C360_ENGINEER;
-- The share is created by ACCOUNTADMIN (sql/collaboration/create_share.sql); the engineer may too.
GRANT CREATE SHARE ON ACCOUNT TO ROLE C360_ENGINEER;
-- Analysts read GOLD, now and later.
GRANT USAGE ON DATABASE CUSTOMER_ANALYTICS TO ROLE C360_ANALYST;
GRANT USAGE ON SCHEMA CUSTOMER_ANALYTICS.GOLD TO ROLE C360_ANALYST;
GRANT USAGE ON SCHEMA CUSTOMER_ANALYTICS.TELEMETRY TO ROLE C360_ANALYST;
GRANT SELECT ON ALL TABLES IN SCHEMA CUSTOMER_ANALYTICS.GOLD TO ROLE C360_ANALYST;
GRANT SELECT ON ALL VIEWS IN SCHEMA CUSTOMER_ANALYTICS.GOLD TO ROLE C360_ANALYST;
GRANT SELECT ON FUTURE TABLES IN SCHEMA CUSTOMER_ANALYTICS.GOLD TO ROLE C360_ANALYST;
GRANT SELECT ON FUTURE VIEWS IN SCHEMA CUSTOMER_ANALYTICS.GOLD TO ROLE C360_ANALYST;
GRANT SELECT ON FUTURE TABLES IN SCHEMA CUSTOMER_ANALYTICS.TELEMETRY TO ROLE C360_ANALYST;
GRANT SELECT ON FUTURE VIEWS IN SCHEMA CUSTOMER_ANALYTICS.TELEMETRY TO ROLE C360_ANALYST;

-- Give the current user the engineer role (SET makes it a parameter of this script; a function
-- call is not a constant, so it is read through a subquery).
SET current_user_name = (SELECT CURRENT_USER());
GRANT ROLE C360_ENGINEER TO USER IDENTIFIER($current_user_name);

USE ROLE C360_ENGINEER;
USE WAREHOUSE COMPUTE_WH;
USE DATABASE CUSTOMER_ANALYTICS;

-- The stage the tasks run scripts from (EXECUTE IMMEDIATE FROM @C360_SQL/...). Fill it with:
--   snow stage copy sql/ @CUSTOMER_ANALYTICS.BRONZE.C360_SQL --recursive --overwrite
CREATE STAGE IF NOT EXISTS CUSTOMER_ANALYTICS.BRONZE.C360_SQL
  DIRECTORY = (ENABLE = TRUE)
  COMMENT = 'The repository''s sql/ folder, for EXECUTE IMMEDIATE FROM';

-- Bronze tables: the columns the local generator writes (src/scenario/credit-card/generate/bronze_tables.sql).
CREATE TABLE IF NOT EXISTS CUSTOMER_ANALYTICS.BRONZE.BRONZE_CUSTOMERS (
  customer_id        VARCHAR NOT NULL,
  first_name         VARCHAR,
  last_name          VARCHAR,
  email              VARCHAR,
  age                INTEGER,
  state              VARCHAR,
  city               VARCHAR,
  employment_status  VARCHAR,
  card_type          VARCHAR,
  credit_limit       NUMBER(12, 2),
  account_open_date  DATE,
  customer_segment   VARCHAR,
  decline_type       VARCHAR
);

CREATE TABLE IF NOT EXISTS CUSTOMER_ANALYTICS.BRONZE.BRONZE_CREDIT_LIMIT_CHANGES (
  change_id              NUMBER(38, 0) NOT NULL,
  customer_id            VARCHAR NOT NULL,
  effective_date         DATE,
  previous_credit_limit  NUMBER(12, 2),
  new_credit_limit       NUMBER(12, 2),
  change_reason          VARCHAR
);

-- Transactions are appended to (stream, incremental MERGE), never replaced, so the stream on
-- them stays valid across runs: generate_transactions.sql refills it with INSERT OVERWRITE.
CREATE TABLE IF NOT EXISTS CUSTOMER_ANALYTICS.BRONZE.BRONZE_TRANSACTIONS (
  transaction_id      NUMBER(38, 0) NOT NULL,
  customer_id         VARCHAR NOT NULL,
  transaction_date    TIMESTAMP_NTZ,
  transaction_amount  NUMBER(10, 2),
  merchant_name       VARCHAR,
  merchant_category   VARCHAR,
  channel             VARCHAR,
  status              VARCHAR
)
CLUSTER BY (TO_DATE(transaction_date))
CHANGE_TRACKING = TRUE;
