-- =====================================================================================
-- Media pack on Snowflake: the account objects it runs in. Run once, as ACCOUNTADMIN, before
-- 01_setup.sql (`c360-demo deploy --pack media` does):
--   snow sql -f sql/media/setup/00_account.sql
-- The same warehouse, roles and database as the credit-card pack's sql/credit-card/setup/01_setup.sql
-- (IF NOT EXISTS everywhere), so either pack can be deployed first and both share the account.
-- =====================================================================================

USE ROLE ACCOUNTADMIN;

CREATE WAREHOUSE IF NOT EXISTS COMPUTE_WH
  WAREHOUSE_SIZE = 'SMALL'
  AUTO_SUSPEND = 60
  AUTO_RESUME = TRUE
  INITIALLY_SUSPENDED = TRUE
  COMMENT = 'Customer 360 demo: generation, dbt, ML, tasks';

CREATE ROLE IF NOT EXISTS C360_ENGINEER COMMENT = 'Builds and runs the Customer 360 pipeline';
CREATE ROLE IF NOT EXISTS C360_ANALYST COMMENT = 'Reads the Customer 360 analytics layers';
GRANT ROLE C360_ANALYST TO ROLE C360_ENGINEER;
GRANT ROLE C360_ENGINEER TO ROLE SYSADMIN;

CREATE DATABASE IF NOT EXISTS CUSTOMER_ANALYTICS COMMENT = 'Customer 360 analytics';

GRANT USAGE, OPERATE ON WAREHOUSE COMPUTE_WH TO ROLE C360_ENGINEER;
GRANT USAGE ON WAREHOUSE COMPUTE_WH TO ROLE C360_ANALYST;
GRANT OWNERSHIP ON DATABASE CUSTOMER_ANALYTICS TO ROLE C360_ENGINEER COPY CURRENT GRANTS;
-- The 1-minute tasks run with the owner's privileges; EXECUTE TASK is an account privilege.
GRANT EXECUTE TASK ON ACCOUNT TO ROLE C360_ENGINEER;
GRANT USAGE ON DATABASE CUSTOMER_ANALYTICS TO ROLE C360_ANALYST;

SET current_user_name = (SELECT CURRENT_USER());
GRANT ROLE C360_ENGINEER TO USER IDENTIFIER($current_user_name);
