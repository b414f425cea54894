-- The media pack's raw layer, as the seed names it. Raw columns are kept as delivered (strings;
-- the subscription event's whole record as JSON, where the seed keeps a VARIANT): staging types
-- and validates them. Every row says where it came from (file and line) and carries a load key
-- that only grows, so a stream can read the rows past an offset.
CREATE SCHEMA IF NOT EXISTS SFE_RAW_MEDIA;

CREATE TABLE IF NOT EXISTS SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS (
  load_key         BIGINT NOT NULL,
  event_id         VARCHAR,
  subscriber_id    VARCHAR,
  event_type       VARCHAR,
  event_timestamp  VARCHAR,
  payload          JSON NOT NULL,
  source_file      VARCHAR NOT NULL,
  source_line      BIGINT NOT NULL,
  loaded_at        TIMESTAMP NOT NULL
);

-- The view id, the session id and the timestamp text are (nearly) unique per row: DuckDB's
-- dictionary-plus-FSST encoding shrinks them only 2-3x and costs twice the CPU to write and again
-- on each of the staging task's scans, so they are stored as they are (about 120 MiB more at
-- full scale for ~1.5 CPU seconds less per load and staging run). The columns with few distinct
-- values keep the encoding. A table created before keeps its storage.
CREATE TABLE IF NOT EXISTS SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT (
  load_key            BIGINT NOT NULL,
  view_id             VARCHAR USING COMPRESSION uncompressed,
  subscriber_id       VARCHAR,
  session_id          VARCHAR USING COMPRESSION uncompressed,
  article_id          VARCHAR,
  section             VARCHAR,
  event_timestamp     VARCHAR USING COMPRESSION uncompressed,
  time_spent_seconds  VARCHAR,
  user_agent          VARCHAR,
  source_file         VARCHAR NOT NULL,
  source_line         BIGINT NOT NULL,
  loaded_at           TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS (
  load_key                BIGINT NOT NULL,
  ticket_id               VARCHAR,
  subscriber_id           VARCHAR,
  created_at              TIMESTAMP,
  category                VARCHAR,
  channel                 VARCHAR,
  priority                VARCHAR,
  status                  VARCHAR,
  resolved_at             TIMESTAMP,
  resolution_code         VARCHAR,
  satisfaction_score      INTEGER,
  first_response_minutes  INTEGER,
  source_file             VARCHAR NOT NULL,
  source_line             BIGINT NOT NULL,
  loaded_at               TIMESTAMP NOT NULL
);

-- One row per file, shaped like Snowflake's COPY_HISTORY / LOAD_HISTORY (plus the file's size,
-- modification time and content hash, which decide whether a file changed since its load).
CREATE TABLE IF NOT EXISTS SFE_RAW_MEDIA.LOAD_HISTORY (
  file_name                VARCHAR NOT NULL PRIMARY KEY,
  table_name               VARCHAR NOT NULL,
  last_load_time           TIMESTAMP NOT NULL,
  status                   VARCHAR NOT NULL,
  row_count                BIGINT NOT NULL,
  row_parsed               BIGINT NOT NULL,
  file_size                BIGINT,
  file_modified_ms         BIGINT,
  content_hash             VARCHAR,
  error_count              BIGINT NOT NULL,
  first_error_message      VARCHAR,
  first_error_line_number  BIGINT
);

-- Records the loader could not take, with where they were and what they said.
CREATE TABLE IF NOT EXISTS SFE_RAW_MEDIA.LOAD_ERRORS (
  table_name     VARCHAR NOT NULL,
  file_name      VARCHAR NOT NULL,
  line_number    BIGINT,
  byte_offset    BIGINT,
  error_message  VARCHAR NOT NULL,
  raw_record     VARCHAR,
  loaded_at      TIMESTAMP NOT NULL
);
