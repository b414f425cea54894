-- `pipeline --backend snowflake --via local`: the Parquet files replace what the stage held (a
-- stage holding older files is emptied first, so nothing is loaded twice), then each bronze table
-- is emptied and loaded from its file. TRUNCATE also clears the table's load history, so COPY
-- loads a file with an old name again.
REMOVE @CUSTOMER_ANALYTICS.BRONZE.C360_LOAD;
PUT {{ files }} @CUSTOMER_ANALYTICS.BRONZE.C360_LOAD AUTO_COMPRESS = FALSE OVERWRITE = TRUE;
{% for table in tables %}
TRUNCATE TABLE CUSTOMER_ANALYTICS.BRONZE.{{ table }};
COPY INTO CUSTOMER_ANALYTICS.BRONZE.{{ table }}
  FROM @CUSTOMER_ANALYTICS.BRONZE.C360_LOAD
  PATTERN = '.*{{ table | lower }}[.]parquet'
  FILE_FORMAT = (TYPE = PARQUET)
  MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE;
{% endfor %}
