-- =====================================================================================
-- `c360-demo deploy --pack media`, step "media-streamlit", after the upload: the seed's Stage 5
-- dashboard as a Streamlit in Snowflake app, from the files deploy has just PUT to its stage.
-- Its URL: SHOW STREAMLITS IN SCHEMA CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.
-- =====================================================================================

USE ROLE C360_ENGINEER;

CREATE OR REPLACE STREAMLIT CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.SUBSCRIBER_360_APP
  FROM '@CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.SFE_STREAMLIT'
  MAIN_FILE = 'streamlit_app.py'
  QUERY_WAREHOUSE = COMPUTE_WH
  TITLE = 'Subscriber 360'
  COMMENT = 'c360-demo media pack: Subscriber 360, Churn risk, Engagement trends, Cohorts, Model';
