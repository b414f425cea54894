-- `feed --backend snowflake`: the feed draws its events from the local roster, so an empty
-- SFE_RAW_MEDIA.SUBSCRIBERS on Snowflake gets the same subscribers first (or staging would flag
-- every event an orphan). The roster goes to its own folder of the landing stage, which the
-- loader's COPY statements do not read. FORCE: the same file loads again into an emptied table.
PUT {{ file }} @CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_LANDING/_roster AUTO_COMPRESS = FALSE OVERWRITE = TRUE;
COPY INTO CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SUBSCRIBERS
  FROM @CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_LANDING/_roster/
  PATTERN = '.*subscribers[.]parquet'
  FILE_FORMAT = (TYPE = PARQUET)
  MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE
  FORCE = TRUE;
