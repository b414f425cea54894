-- The organisation and account in Snowsight's addresses (https://app.snowflake.com/<org>/<account>/...)
SELECT CURRENT_ORGANIZATION_NAME(), CURRENT_ACCOUNT_NAME()
