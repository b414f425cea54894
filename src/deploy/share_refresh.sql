-- The secure views and their grants to the share: what the refresh_analytics_views task runs.
EXECUTE IMMEDIATE FROM @CUSTOMER_ANALYTICS.BRONZE.C360_SQL/collaboration/secure_views.sql
