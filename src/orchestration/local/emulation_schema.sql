-- State of the local Snowflake emulation (tasks, task history, stream offsets, shares), kept in
-- the warehouse file next to the data so that every process (CLI, presenter) sees the same state.
-- DuckDB SQL; Snowflake keeps all of this in its own metadata.
CREATE SCHEMA IF NOT EXISTS _SNOWFLAKE_EMULATION;

-- SHOW TASKS: one row per task of sql/orchestration/pipeline_tasks.sql.
CREATE TABLE IF NOT EXISTS _SNOWFLAKE_EMULATION.task_state (
  name               VARCHAR NOT NULL,
  task_id            VARCHAR NOT NULL,
  state              VARCHAR NOT NULL,      -- started | suspended
  created_on         TIMESTAMP NOT NULL,
  last_suspended_on  TIMESTAMP
);

-- INFORMATION_SCHEMA.TASK_HISTORY(): one row per task run, updated as the run progresses.
CREATE TABLE IF NOT EXISTS _SNOWFLAKE_EMULATION.task_history (
  seq                BIGINT NOT NULL,
  query_id           VARCHAR,
  name               VARCHAR NOT NULL,
  database_name      VARCHAR NOT NULL,
  schema_name        VARCHAR NOT NULL,
  query_text         VARCHAR,
  condition_text     VARCHAR,
  state              VARCHAR NOT NULL,      -- SCHEDULED | EXECUTING | SUCCEEDED | FAILED | SKIPPED | CANCELLED
  error_code         VARCHAR,
  error_message      VARCHAR,
  scheduled_time     TIMESTAMP NOT NULL,
  query_start_time   TIMESTAMP,
  completed_time     TIMESTAMP,
  root_task_id       VARCHAR NOT NULL,
  graph_version      INTEGER NOT NULL,
  run_id             BIGINT NOT NULL,
  return_value       VARCHAR,
  scheduled_from     VARCHAR NOT NULL,      -- SCHEDULE | EXECUTE TASK
  attempt_number     INTEGER NOT NULL
);

-- Streams: the offset is the highest source row consumed; rows_at_offset tells a recreated
-- source table (the stream is then re-initialised at the new table's end, as recreating it would).
CREATE TABLE IF NOT EXISTS _SNOWFLAKE_EMULATION.stream_offsets (
  stream_name        VARCHAR NOT NULL,
  source_table       VARCHAR NOT NULL,
  offset_id          BIGINT NOT NULL,
  rows_at_offset     BIGINT NOT NULL,
  created_on         TIMESTAMP NOT NULL,
  last_consumed_on   TIMESTAMP,
  consumed_rows      BIGINT NOT NULL
);

-- SHOW SHARES / DESC SHARE.
CREATE TABLE IF NOT EXISTS _SNOWFLAKE_EMULATION.shares (
  name               VARCHAR NOT NULL,
  database_name      VARCHAR NOT NULL,
  owner              VARCHAR NOT NULL,
  comment            VARCHAR,
  accounts           VARCHAR,               -- comma-separated consumer accounts
  created_on         TIMESTAMP NOT NULL,
  refreshed_on       TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS _SNOWFLAKE_EMULATION.share_grants (
  share_name         VARCHAR NOT NULL,
  privilege          VARCHAR NOT NULL,      -- USAGE | SELECT
  granted_on         VARCHAR NOT NULL,      -- DATABASE | SCHEMA | VIEW
  object_name        VARCHAR NOT NULL,      -- fully qualified, upper-case
  granted_at         TIMESTAMP NOT NULL
);
