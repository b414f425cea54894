-- =====================================================================================
-- Media pack: the staging layer's tables (SFE_STG_MEDIA), written by the two 1-minute stream
-- tasks of sql/media/orchestration/pipeline_tasks.sql. Run after 01_setup.sql:
--   snow sql --database CUSTOMER_ANALYTICS -f sql/media/setup/03_staging.sql
-- The same file creates them on the local warehouse (portable types; TIMESTAMP is
-- TIMESTAMP_NTZ on Snowflake). Idempotent.
--
-- Every row keeps its event's time, the time its raw row was loaded and the time it was
-- staged, so the latency from event to staging can be measured; and where it came from
-- (raw load key, file and line), so staging reconciles with the raw layer.
-- =====================================================================================

-- One row per subscription event (natural key event_id; a later arrival of the same event is
-- dropped). Invalid events are kept, flagged is_valid = FALSE with the reason, and never reach
-- STG_UNIFIED_CUSTOMER. Orphans (a subscriber the roster does not know) are flagged and processed.
CREATE TABLE IF NOT EXISTS SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS (
  event_id          VARCHAR NOT NULL,
  subscriber_id     VARCHAR,
  event_type        VARCHAR,
  event_timestamp   TIMESTAMP,
  plan              VARCHAR NOT NULL,
  payment_amount    DECIMAL(10, 2),
  currency          VARCHAR NOT NULL,
  channel           VARCHAR NOT NULL,
  is_valid          BOOLEAN NOT NULL,
  invalid_reason    VARCHAR,
  is_orphan         BOOLEAN NOT NULL,
  raw_load_key      BIGINT NOT NULL,
  source_file       VARCHAR NOT NULL,
  source_line       BIGINT NOT NULL,
  loaded_at         TIMESTAMP NOT NULL,
  staged_at         TIMESTAMP NOT NULL
);

-- One row per subscriber: the latest valid event by event_timestamp wins.
CREATE TABLE IF NOT EXISTS SFE_STG_MEDIA.STG_UNIFIED_CUSTOMER (
  subscriber_id       VARCHAR NOT NULL,
  current_plan        VARCHAR NOT NULL,
  subscription_status VARCHAR NOT NULL,
  last_event_type     VARCHAR NOT NULL,
  last_event_id       VARCHAR NOT NULL,
  last_event_at       TIMESTAMP NOT NULL,
  first_event_at      TIMESTAMP NOT NULL,
  valid_events        BIGINT NOT NULL,
  payments_total      DECIMAL(12, 2) NOT NULL,
  is_orphan           BOOLEAN NOT NULL,
  updated_at          TIMESTAMP NOT NULL
);

-- One row per human article view (natural key view_id), bot traffic filtered out. The article is
-- its number (NULL, and the view flagged invalid, when the raw article_id is missing or not a
-- number: the raw row keeps the text). The local warehouse creates this table from its own copy,
-- src/scenario/media/ingest/staging_tables.sql (the same columns, with DuckDB storage choices).
CREATE TABLE IF NOT EXISTS SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT (
  view_id             VARCHAR NOT NULL,
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

-- One row per run of a staging task and source: where the raw rows the run read from its stream
-- went. Written by the task in the same transaction as its staging rows, so a run and its
-- reconciliation commit (or roll back) together; the staging checks and the staging-quality scene
-- read it through V_STAGING_RECONCILIATION instead of joining raw with staging again.
CREATE TABLE IF NOT EXISTS SFE_STG_MEDIA.STAGING_RECONCILIATION (
  source              VARCHAR NOT NULL,
  task_name           VARCHAR NOT NULL,
  staged_at           TIMESTAMP NOT NULL,
  first_load_key      BIGINT NOT NULL,
  last_load_key       BIGINT NOT NULL,
  raw_rows            BIGINT NOT NULL,
  staged_valid        BIGINT NOT NULL,
  flagged_invalid     BIGINT NOT NULL,
  duplicates_removed  BIGINT NOT NULL,
  bots_filtered       BIGINT NOT NULL,
  orphans             BIGINT NOT NULL
);

-- Per source, over every run: the raw rows read (counted in the raw table: load keys up to the
-- last one a run read), where they went, and `lost`: raw rows no run accounts for as staged,
-- flagged, a duplicate or a bot. `staging_rows` (the staging table's own count) must equal
-- staged_valid + flagged_invalid: staging rows no run recorded mean the staging layer was built
-- before the runs were reconciled.
CREATE OR REPLACE VIEW SFE_STG_MEDIA.V_STAGING_RECONCILIATION AS
SELECT
  'subscription events' AS source,
  (SELECT COUNT(*) FROM SFE_STG_MEDIA.STAGING_RECONCILIATION WHERE source = 'subscription events') AS runs,
  r.raw_rows,
  COALESCE(s.staged_valid, 0) AS staged_valid,
  COALESCE(s.flagged_invalid, 0) AS flagged_invalid,
  COALESCE(s.duplicates_removed, 0) AS duplicates_removed,
  COALESCE(s.bots_filtered, 0) AS bots_filtered,
  r.raw_rows - COALESCE(s.staged_valid + s.flagged_invalid + s.duplicates_removed + s.bots_filtered, 0) AS lost,
  COALESCE(s.orphans, 0) AS orphans,
  (SELECT COUNT(*) FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS) AS staging_rows
FROM (
  SELECT COUNT(*) AS raw_rows FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS
  WHERE load_key <= (SELECT COALESCE(MAX(last_load_key), 0) FROM SFE_STG_MEDIA.STAGING_RECONCILIATION WHERE source = 'subscription events')
) AS r
CROSS JOIN (
  SELECT SUM(staged_valid) AS staged_valid, SUM(flagged_invalid) AS flagged_invalid, SUM(duplicates_removed) AS duplicates_removed,
         SUM(bots_filtered) AS bots_filtered, SUM(orphans) AS orphans
  FROM SFE_STG_MEDIA.STAGING_RECONCILIATION WHERE source = 'subscription events'
) AS s
UNION ALL
SELECT
  'content views',
  (SELECT COUNT(*) FROM SFE_STG_MEDIA.STAGING_RECONCILIATION WHERE source = 'content views'),
  r.raw_rows,
  COALESCE(s.staged_valid, 0),
  COALESCE(s.flagged_invalid, 0),
  COALESCE(s.duplicates_removed, 0),
  COALESCE(s.bots_filtered, 0),
  r.raw_rows - COALESCE(s.staged_valid + s.flagged_invalid + s.duplicates_removed + s.bots_filtered, 0),
  COALESCE(s.orphans, 0),
  (SELECT COUNT(*) FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT)
FROM (
  SELECT COUNT(*) AS raw_rows FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT
  WHERE load_key <= (SELECT COALESCE(MAX(last_load_key), 0) FROM SFE_STG_MEDIA.STAGING_RECONCILIATION WHERE source = 'content views')
) AS r
CROSS JOIN (
  SELECT SUM(staged_valid) AS staged_valid, SUM(flagged_invalid) AS flagged_invalid, SUM(duplicates_removed) AS duplicates_removed,
         SUM(bots_filtered) AS bots_filtered, SUM(orphans) AS orphans
  FROM SFE_STG_MEDIA.STAGING_RECONCILIATION WHERE source = 'content views'
) AS s;
