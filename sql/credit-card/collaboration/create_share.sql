-- =====================================================================================
-- Secure Data Sharing: customer_360_insights
--
-- Shares two secure views of GOLD with a consumer account, without copying data and without
-- exposing the raw tables. `c360-demo deploy` runs this file (step "share"): the share and its
-- USAGE grants. The views themselves, and their SELECT grants to the share, are in
-- secure_views.sql, run by the refresh_analytics_views task once the gold layer exists (a view
-- cannot be created before the tables it reads). The consumer account is added by
-- add_consumer_account.sql:
--   snow sql -f sql/collaboration/add_consumer_account.sql -D consumer_account=PARTNER_ORG.PARTNER_ACCOUNT
--
-- Locally, `c360-demo share show` describes the same share, parsed from this file and
-- secure_views.sql, and `c360-demo share query "SQL"` answers as the consumer: only the granted
-- views exist for it.
-- =====================================================================================

-- The engineer owns the database and the views, so it owns the share too and can grant to it.
USE ROLE C360_ENGINEER;

CREATE SHARE IF NOT EXISTS customer_360_insights
  COMMENT = 'Customer 360 insights: segment metrics and per-customer behaviour, no personal data';

GRANT USAGE ON DATABASE CUSTOMER_ANALYTICS TO SHARE customer_360_insights;
GRANT USAGE ON SCHEMA CUSTOMER_ANALYTICS.GOLD TO SHARE customer_360_insights;
