-- =====================================================================================
-- Media pack ("Newsworthy Customer 360") on Snowflake: the raw layer's objects. Run after
-- sql/setup/01_setup.sql (which creates the database, the warehouse and the roles):
--   snow sql -f sql/media/setup/01_setup.sql
-- Creates the pack's three schemas, the raw tables (the subscription event's record kept whole
-- as a VARIANT, as the seed has it), the load history and error tables the checks read, the file
-- formats of the three sources and the stage the landing files are PUT to. Idempotent.
-- The local warehouse builds the same tables from src/scenario/media/ingest/raw_tables.sql.
-- =====================================================================================

USE ROLE C360_ENGINEER;
USE DATABASE CUSTOMER_ANALYTICS;

CREATE SCHEMA IF NOT EXISTS SFE_RAW_MEDIA COMMENT = 'Media pack: source records as delivered';
CREATE SCHEMA IF NOT EXISTS SFE_STG_MEDIA COMMENT = 'Media pack: cleaned, validated, deduplicated (1-minute tasks)';
CREATE SCHEMA IF NOT EXISTS SFE_ANALYTICS_MEDIA COMMENT = 'Media pack: dimensions, facts, churn scores';

-- Raw tables. LOAD_KEY only grows (AUTOINCREMENT ... ORDER): a consumer can read the rows past
-- an offset. SOURCE_FILE / SOURCE_LINE say where each row came from.
CREATE TABLE IF NOT EXISTS SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS (
  load_key         NUMBER AUTOINCREMENT START 1 INCREMENT 1 ORDER NOT NULL,
  event_id         VARCHAR,
  subscriber_id    VARCHAR,
  event_type       VARCHAR,
  event_timestamp  VARCHAR,
  payload          VARIANT NOT NULL,
  source_file      VARCHAR NOT NULL,
  source_line      NUMBER NOT NULL,
  loaded_at        TIMESTAMP_NTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT (
  load_key            NUMBER AUTOINCREMENT START 1 INCREMENT 1 ORDER NOT NULL,
  view_id             VARCHAR,
  subscriber_id       VARCHAR,
  session_id          VARCHAR,
  article_id          VARCHAR,
  section             VARCHAR,
  event_timestamp     VARCHAR,
  time_spent_seconds  VARCHAR,
  user_agent          VARCHAR,
  source_file         VARCHAR NOT NULL,
  source_line         NUMBER NOT NULL,
  loaded_at           TIMESTAMP_NTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS (
  load_key                NUMBER AUTOINCREMENT START 1 INCREMENT 1 ORDER NOT NULL,
  ticket_id               VARCHAR,
  subscriber_id           VARCHAR,
  created_at              TIMESTAMP_NTZ,
  category                VARCHAR,
  channel                 VARCHAR,
  priority                VARCHAR,
  status                  VARCHAR,
  resolved_at             TIMESTAMP_NTZ,
  resolution_code         VARCHAR,
  satisfaction_score      NUMBER,
  first_response_minutes  NUMBER,
  source_file             VARCHAR NOT NULL,
  source_line             NUMBER NOT NULL,
  loaded_at               TIMESTAMP_NTZ NOT NULL
);

-- The subscription system's roster, one row per subscriber: staging flags an event whose
-- subscriber_id is not here as an orphan (logged but processed). Generation keeps it locally;
-- `pipeline --pack media --backend snowflake --via local` loads the same rows here.
CREATE TABLE IF NOT EXISTS SFE_RAW_MEDIA.SUBSCRIBERS (
  subscriber_id  VARCHAR NOT NULL,
  plan           VARCHAR,
  subscribed_on  DATE,
  PRIMARY KEY (subscriber_id)
);

-- The subscription files' lines as text, before JSON parsing: COPY cannot report a JSON line it
-- fails to parse when the load also adds the file's name, so the lines are loaded as text and
-- parsed with TRY_PARSE_JSON (sql/media/setup/02_ingest.sql), as the local loader does.
CREATE TABLE IF NOT EXISTS SFE_RAW_MEDIA.LANDING_JSON_LINES (
  file_name    VARCHAR,
  line_number  NUMBER,
  line         VARCHAR
);

-- One row per file, shaped like COPY_HISTORY (status LOADED / PARTIALLY_LOADED / LOAD_FAILED).
-- The content hash and modification time are the local loader's; Snowflake's own load metadata
-- (the file's ETag) is what keeps COPY INTO from loading a file twice here.
CREATE TABLE IF NOT EXISTS SFE_RAW_MEDIA.LOAD_HISTORY (
  file_name                VARCHAR NOT NULL,
  table_name               VARCHAR NOT NULL,
  last_load_time           TIMESTAMP_NTZ NOT NULL,
  status                   VARCHAR NOT NULL,
  row_count                NUMBER NOT NULL,
  row_parsed               NUMBER NOT NULL,
  file_size                NUMBER,
  file_modified_ms         NUMBER,
  content_hash             VARCHAR,
  error_count              NUMBER NOT NULL,
  first_error_message      VARCHAR,
  first_error_line_number  NUMBER,
  PRIMARY KEY (file_name)
);

CREATE TABLE IF NOT EXISTS SFE_RAW_MEDIA.LOAD_ERRORS (
  table_name     VARCHAR NOT NULL,
  file_name      VARCHAR NOT NULL,
  line_number    NUMBER,
  byte_offset    NUMBER,
  error_message  VARCHAR NOT NULL,
  raw_record     VARCHAR,
  loaded_at      TIMESTAMP_NTZ NOT NULL
);

-- File formats, one per source system.
CREATE FILE FORMAT IF NOT EXISTS SFE_RAW_MEDIA.SFE_TEXT_LINES
  TYPE = CSV FIELD_DELIMITER = NONE ESCAPE_UNENCLOSED_FIELD = NONE FIELD_OPTIONALLY_ENCLOSED_BY = NONE
  SKIP_BLANK_LINES = TRUE
  COMMENT = 'Subscription events API: JSON lines, read as text and parsed with TRY_PARSE_JSON';
CREATE FILE FORMAT IF NOT EXISTS SFE_RAW_MEDIA.SFE_CONTENT_CSV
  TYPE = CSV PARSE_HEADER = TRUE FIELD_DELIMITER = ',' FIELD_OPTIONALLY_ENCLOSED_BY = '"'
  EMPTY_FIELD_AS_NULL = TRUE ERROR_ON_COLUMN_COUNT_MISMATCH = TRUE
  COMMENT = 'Content platform: CSV batches with a header';
CREATE FILE FORMAT IF NOT EXISTS SFE_RAW_MEDIA.SFE_SUPPORT_PARQUET
  TYPE = PARQUET
  COMMENT = 'Support system: one Parquet file a day';

-- The landing stage: `c360-demo` PUTs the generated (or fed) files here, keeping the landing
-- folder's layout: subscription_events/, content_engagement/<day>/, support_tickets/.
CREATE STAGE IF NOT EXISTS SFE_RAW_MEDIA.SFE_LANDING
  DIRECTORY = (ENABLE = TRUE)
  COMMENT = 'Media pack: landing files of the three source systems';

-- The scripts deploy uploads rather than runs: sql/media/ml/ (the churn model), which reads the
-- analytics layer and so runs once that is built (EXECUTE IMMEDIATE FROM @SFE_ANALYTICS_MEDIA.SFE_SCRIPTS/...).
CREATE STAGE IF NOT EXISTS SFE_ANALYTICS_MEDIA.SFE_SCRIPTS
  COMMENT = 'Media pack: SQL scripts the deploy uploads for later runs';
