-- =====================================================================================
-- `c360-demo deploy`, step "stages": the internal stages deploy uploads to (BRONZE.C360_SQL, the
-- scripts the tasks run, is created by sql/setup/01_setup.sql). PUT needs no S3 bucket.
-- =====================================================================================

USE ROLE C360_ENGINEER;

-- The repository's dbt/ folder, for CREATE DBT PROJECT ... FROM.
CREATE STAGE IF NOT EXISTS CUSTOMER_ANALYTICS.PUBLIC.C360_DBT_PROJECT
  DIRECTORY = (ENABLE = TRUE)
  COMMENT = 'c360-demo: the dbt project (dbt/), uploaded by deploy';

-- The repository's streamlit/ folder, for CREATE STREAMLIT ... FROM.
CREATE STAGE IF NOT EXISTS CUSTOMER_ANALYTICS.PUBLIC.C360_STREAMLIT
  DIRECTORY = (ENABLE = TRUE)
  COMMENT = 'c360-demo: the Streamlit app (streamlit/), uploaded by deploy';

-- Parquet files of `pipeline --backend snowflake --via local`, loaded with COPY INTO.
CREATE STAGE IF NOT EXISTS CUSTOMER_ANALYTICS.BRONZE.C360_LOAD
  FILE_FORMAT = (TYPE = PARQUET)
  COMMENT = 'c360-demo: bronze tables generated locally, as Parquet';
