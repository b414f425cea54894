-- The Streamlit app `c360-demo deploy` installs (streamlit/streamlit_app.py): the same four tabs as this scene
SHOW STREAMLITS LIKE 'CUSTOMER_360_APP' IN SCHEMA CUSTOMER_ANALYTICS.PUBLIC
