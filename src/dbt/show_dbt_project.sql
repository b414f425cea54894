-- The dbt project object `deploy` created (dbt Projects on Snowflake).
SHOW DBT PROJECTS LIKE 'CUSTOMER_ANALYTICS_DBT' IN DATABASE CUSTOMER_ANALYTICS
