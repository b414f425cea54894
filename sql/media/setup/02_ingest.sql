-- =====================================================================================
-- Media pack on Snowflake: loading the landing stage into SFE_RAW_MEDIA (after 01_setup.sql).
--   snow sql -f sql/media/setup/02_ingest.sql
--
-- What the seed calls Snowpipe Streaming is emulated by COPY INTO on a schedule: the task below
-- runs SFE_LOAD_LANDING() every minute. Files reach the stage by PUT. A PIPE was the other choice,
-- but auto-ingest needs cloud event notifications an internal stage does not send, and without
-- them a pipe is driven through the Snowpipe REST API (insertFiles), an HTTP client with its own
-- key-pair JWT beside the SQL driver, for every user whatever their login; a 1-minute
-- COPY keeps the seed's "< 2 minutes" latency with the same COPY statements, the same load
-- metadata (a file already loaded is skipped) and the same error capture as a one-off load.
--
-- Each COPY runs with ON_ERROR = CONTINUE; the records it rejects (VALIDATE(..., JOB_ID => '_last'))
-- and the JSON lines that do not parse go to LOAD_ERRORS, and COPY_HISTORY's rows go to
-- LOAD_HISTORY, so the checks in sql/media/eda/checks/ read the same tables on both backends.
-- =====================================================================================

USE ROLE C360_ENGINEER;
USE DATABASE CUSTOMER_ANALYTICS;
USE WAREHOUSE COMPUTE_WH;

CREATE OR REPLACE PROCEDURE SFE_RAW_MEDIA.SFE_LOAD_LANDING()
RETURNS VARCHAR
LANGUAGE SQL
AS
$$
DECLARE
  started TIMESTAMP_LTZ DEFAULT CURRENT_TIMESTAMP();
BEGIN
  -- 1. Subscription events: lines as text (the load metadata of LANDING_JSON_LINES skips files
  --    already loaded; DELETE, unlike TRUNCATE, keeps it), then parsed.
  DELETE FROM SFE_RAW_MEDIA.LANDING_JSON_LINES;
  COPY INTO SFE_RAW_MEDIA.LANDING_JSON_LINES (file_name, line_number, line)
    FROM (SELECT METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, $1 FROM @SFE_RAW_MEDIA.SFE_LANDING/subscription_events/)
    FILE_FORMAT = (FORMAT_NAME = 'SFE_RAW_MEDIA.SFE_TEXT_LINES')
    PATTERN = '.*[.]jsonl'
    ON_ERROR = CONTINUE;

  BEGIN TRANSACTION;
  INSERT INTO SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS (event_id, subscriber_id, event_type, event_timestamp, payload, source_file, source_line, loaded_at)
    SELECT j:event_id::VARCHAR, j:subscriber_id::VARCHAR, j:event_type::VARCHAR, j:event_timestamp::VARCHAR, j, file_name, line_number, CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM (SELECT file_name, line_number, TRY_PARSE_JSON(line) AS j FROM SFE_RAW_MEDIA.LANDING_JSON_LINES)
    WHERE IS_OBJECT(j)
    ORDER BY file_name, line_number;
  INSERT INTO SFE_RAW_MEDIA.LOAD_ERRORS
    SELECT 'RAW_SUBSCRIBER_EVENTS', file_name, line_number, NULL,
           IFF(TRY_PARSE_JSON(line) IS NULL, 'malformed JSON: the line does not parse', 'not a JSON object'), line, CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM SFE_RAW_MEDIA.LANDING_JSON_LINES
    WHERE NOT IS_OBJECT(TRY_PARSE_JSON(line)) OR TRY_PARSE_JSON(line) IS NULL;
  MERGE INTO SFE_RAW_MEDIA.LOAD_HISTORY AS h
  USING (
    SELECT file_name, COUNT(*) AS row_parsed,
           COUNT_IF(IS_OBJECT(TRY_PARSE_JSON(line))) AS row_count,
           COUNT_IF(NOT COALESCE(IS_OBJECT(TRY_PARSE_JSON(line)), FALSE)) AS error_count,
           MIN(IFF(COALESCE(IS_OBJECT(TRY_PARSE_JSON(line)), FALSE), NULL, line_number)) AS first_error_line_number
    FROM SFE_RAW_MEDIA.LANDING_JSON_LINES GROUP BY file_name
  ) AS f
  ON h.file_name = f.file_name
  WHEN MATCHED THEN UPDATE SET last_load_time = CURRENT_TIMESTAMP()::TIMESTAMP_NTZ, row_count = f.row_count, row_parsed = f.row_parsed,
    error_count = f.error_count, first_error_line_number = f.first_error_line_number,
    status = CASE WHEN f.error_count = 0 THEN 'LOADED' WHEN f.row_count = 0 THEN 'LOAD_FAILED' ELSE 'PARTIALLY_LOADED' END
  WHEN NOT MATCHED THEN INSERT (file_name, table_name, last_load_time, status, row_count, row_parsed, error_count, first_error_message, first_error_line_number)
    VALUES (f.file_name, 'RAW_SUBSCRIBER_EVENTS', CURRENT_TIMESTAMP()::TIMESTAMP_NTZ,
            CASE WHEN f.error_count = 0 THEN 'LOADED' WHEN f.row_count = 0 THEN 'LOAD_FAILED' ELSE 'PARTIALLY_LOADED' END,
            f.row_count, f.row_parsed, f.error_count, IFF(f.error_count > 0, 'malformed JSON: the line does not parse', NULL), f.first_error_line_number);
  COMMIT;

  -- 2. Content CSV batches and 3. support tickets: COPY by column name, with the file and row as
  --    metadata columns; rejected records from VALIDATE.
  COPY INTO SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT
    FROM @SFE_RAW_MEDIA.SFE_LANDING/content_engagement/
    FILE_FORMAT = (FORMAT_NAME = 'SFE_RAW_MEDIA.SFE_CONTENT_CSV')
    PATTERN = '.*[.]csv'
    MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE
    INCLUDE_METADATA = (source_file = METADATA$FILENAME, source_line = METADATA$FILE_ROW_NUMBER, loaded_at = METADATA$START_SCAN_TIME)
    ON_ERROR = CONTINUE;
  INSERT INTO SFE_RAW_MEDIA.LOAD_ERRORS
    SELECT 'RAW_CONTENT_ENGAGEMENT', file, line, character, error, rejected_record, CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM TABLE(VALIDATE(SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT, JOB_ID => '_last'));

  COPY INTO SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS
    FROM @SFE_RAW_MEDIA.SFE_LANDING/support_tickets/
    FILE_FORMAT = (FORMAT_NAME = 'SFE_RAW_MEDIA.SFE_SUPPORT_PARQUET')
    PATTERN = '.*[.]parquet'
    MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE
    INCLUDE_METADATA = (source_file = METADATA$FILENAME, source_line = METADATA$FILE_ROW_NUMBER, loaded_at = METADATA$START_SCAN_TIME)
    ON_ERROR = CONTINUE;
  INSERT INTO SFE_RAW_MEDIA.LOAD_ERRORS
    SELECT 'RAW_SUPPORT_INTERACTIONS', file, line, character, error, rejected_record, CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
    FROM TABLE(VALIDATE(SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS, JOB_ID => '_last'));

  -- COPY_HISTORY of this run, for the two COPY-loaded tables.
  MERGE INTO SFE_RAW_MEDIA.LOAD_HISTORY AS h
  USING (
    SELECT file_name, SPLIT_PART(table_name, '.', -1) AS table_name, last_load_time, row_count, row_parsed, file_size,
           first_error_message, first_error_line_number, error_count,
           CASE status WHEN 'Loaded' THEN 'LOADED' WHEN 'Partially loaded' THEN 'PARTIALLY_LOADED' ELSE 'LOAD_FAILED' END AS status
    FROM TABLE(INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => 'SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT', START_TIME => :started))
    UNION ALL
    SELECT file_name, SPLIT_PART(table_name, '.', -1), last_load_time, row_count, row_parsed, file_size,
           first_error_message, first_error_line_number, error_count,
           CASE status WHEN 'Loaded' THEN 'LOADED' WHEN 'Partially loaded' THEN 'PARTIALLY_LOADED' ELSE 'LOAD_FAILED' END
    FROM TABLE(INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => 'SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS', START_TIME => :started))
  ) AS c
  ON h.file_name = c.file_name
  WHEN MATCHED THEN UPDATE SET last_load_time = c.last_load_time::TIMESTAMP_NTZ, status = c.status, row_count = c.row_count,
    row_parsed = c.row_parsed, file_size = c.file_size, error_count = c.error_count,
    first_error_message = c.first_error_message, first_error_line_number = c.first_error_line_number
  WHEN NOT MATCHED THEN INSERT (file_name, table_name, last_load_time, status, row_count, row_parsed, file_size, error_count, first_error_message, first_error_line_number)
    VALUES (c.file_name, c.table_name, c.last_load_time::TIMESTAMP_NTZ, c.status, c.row_count, c.row_parsed, c.file_size, c.error_count,
            c.first_error_message, c.first_error_line_number);

  RETURN 'loaded landing files since ' || TO_VARCHAR(started);
END;
$$;

-- The scheduled load standing in for Snowpipe Streaming, SFE_LOAD_LANDING_TASK, is part of the
-- pack's task graph: sql/media/orchestration/pipeline_tasks.sql.

-- A one-off load now (the same procedure the task calls).
CALL SFE_RAW_MEDIA.SFE_LOAD_LANDING();
