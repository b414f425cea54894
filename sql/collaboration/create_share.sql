-- =====================================================================================
-- Secure Data Sharing: customer_360_insights
--
-- Shares two secure views of GOLD with a consumer account, without copying data and without
-- exposing the raw tables. The consumer account is a parameter:
--   snow sql -f sql/collaboration/create_share.sql -D consumer_account=PARTNER_ORG.PARTNER_ACCOUNT
-- (in a worksheet: replace the placeholder in the SET below).
--
-- Locally, `c360-demo share show` describes the same share, parsed from this file, and
-- `c360-demo share query "SQL"` answers as the consumer: only the granted views exist for it.
-- =====================================================================================

USE ROLE ACCOUNTADMIN;
USE WAREHOUSE COMPUTE_WH;

SET consumer_account = '<% consumer_account %>';

-- The views first (also what the refresh_analytics_views task re-runs).
EXECUTE IMMEDIATE FROM @CUSTOMER_ANALYTICS.BRONZE.C360_SQL/collaboration/secure_views.sql;

CREATE SHARE IF NOT EXISTS customer_360_insights
  COMMENT = 'Customer 360 insights: segment metrics and per-customer behaviour, no personal data';

GRANT USAGE ON DATABASE CUSTOMER_ANALYTICS TO SHARE customer_360_insights;
GRANT USAGE ON SCHEMA CUSTOMER_ANALYTICS.GOLD TO SHARE customer_360_insights;
GRANT SELECT ON VIEW CUSTOMER_ANALYTICS.GOLD.SHARED_CUSTOMER_INSIGHTS TO SHARE customer_360_insights;
GRANT SELECT ON VIEW CUSTOMER_ANALYTICS.GOLD.SHARED_SEGMENT_SUMMARY TO SHARE customer_360_insights;

-- ALTER SHARE takes a literal account list: build the statement from the session variable.
SET add_accounts_sql = 'ALTER SHARE customer_360_insights ADD ACCOUNTS = ' || $consumer_account;
EXECUTE IMMEDIATE $add_accounts_sql;

SHOW SHARES LIKE 'CUSTOMER_360_INSIGHTS';
DESC SHARE customer_360_insights;

-- On the consumer account:
--   CREATE DATABASE C360_SHARED FROM SHARE <provider_org>.<provider_account>.customer_360_insights;
--   SELECT * FROM C360_SHARED.GOLD.SHARED_SEGMENT_SUMMARY;
--   SELECT * FROM C360_SHARED.GOLD.FCT_TRANSACTIONS;  -- fails: does not exist or not authorized
