-- =====================================================================================
-- Adds the consumer account to the share customer_360_insights (after `c360-demo deploy`):
--   snow sql -f sql/collaboration/add_consumer_account.sql -D consumer_account=PARTNER_ORG.PARTNER_ACCOUNT
-- (in a worksheet: replace the placeholder in the SET below).
-- =====================================================================================

USE ROLE C360_ENGINEER;

SET consumer_account = '<% consumer_account %>';

-- ALTER SHARE takes a literal account list: build the statement from the session variable.
SET add_accounts_sql = 'ALTER SHARE customer_360_insights ADD ACCOUNTS = ' || $consumer_account;
EXECUTE IMMEDIATE $add_accounts_sql;

SHOW SHARES LIKE 'CUSTOMER_360_INSIGHTS';
DESC SHARE customer_360_insights;

-- On the consumer account:
--   CREATE DATABASE C360_SHARED FROM SHARE <provider_org>.<provider_account>.customer_360_insights;
--   SELECT * FROM C360_SHARED.GOLD.SHARED_SEGMENT_SUMMARY;
--   SELECT * FROM C360_SHARED.GOLD.FCT_TRANSACTIONS;  -- fails: does not exist or not authorized
