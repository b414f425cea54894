-- The local warehouse's copy of sql/media/setup/03_staging.sql's STG_CONTENT_ENGAGEMENT, run just
-- before that file (whose CREATE TABLE IF NOT EXISTS then leaves it; test/warehouse/ddl.test.ts
-- holds the two to the same columns, types and NOT NULLs). The only difference is storage: the view
-- id is unique per row, and DuckDB's dictionary-plus-FSST encoding shrinks it about 2.5x at three
-- times the CPU to write (~0.5 CPU seconds for the first full-scale run's 4M rows), so it is stored
-- as it is. A table created before keeps its storage.
CREATE TABLE IF NOT EXISTS SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT (
  view_id             VARCHAR NOT NULL USING COMPRESSION uncompressed,
  subscriber_id       VARCHAR,
  session_id          VARCHAR,
  article_number      INTEGER,
  section             VARCHAR NOT NULL,
  event_timestamp     TIMESTAMP,
  time_spent_seconds  INTEGER,
  engagement_score    DECIMAL(5, 1),
  is_valid            BOOLEAN NOT NULL,
  invalid_reason      VARCHAR,
  raw_load_key        BIGINT NOT NULL,
  source_file         VARCHAR NOT NULL,
  source_line         BIGINT NOT NULL,
  loaded_at           TIMESTAMP NOT NULL,
  staged_at           TIMESTAMP NOT NULL
);
