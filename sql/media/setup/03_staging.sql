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

-- One row per human article view (natural key view_id), bot traffic filtered out.
CREATE TABLE IF NOT EXISTS SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT (
  view_id             VARCHAR NOT NULL,
  subscriber_id       VARCHAR,
  session_id          VARCHAR,
  article_id          VARCHAR,
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
