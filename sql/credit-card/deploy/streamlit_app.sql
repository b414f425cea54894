-- =====================================================================================
-- `c360-demo deploy`, step "streamlit": the seed's Streamlit in Snowflake app, from the streamlit/
-- folder deploy has just uploaded. Its URL: SHOW STREAMLITS IN SCHEMA CUSTOMER_ANALYTICS.PUBLIC.
-- =====================================================================================

USE ROLE C360_ENGINEER;

CREATE OR REPLACE STREAMLIT CUSTOMER_ANALYTICS.PUBLIC.CUSTOMER_360_APP
  FROM '@CUSTOMER_ANALYTICS.PUBLIC.C360_STREAMLIT'
  MAIN_FILE = 'streamlit_app.py'
  QUERY_WAREHOUSE = COMPUTE_WH
  TITLE = 'Customer 360'
  COMMENT = 'c360-demo: Overview, Segments, Transactions, Churn';
