-- Snowflake's monitoring objects over the local emulation's state (_SNOWFLAKE_EMULATION, written
-- by src/orchestration/local), with the columns Snowflake returns. Temporary macros of the session
-- that runs typed SQL; the translation (translate.ts) rewrites the Snowflake names to these.

-- INFORMATION_SCHEMA.TASK_HISTORY(): without a range, the last 7 days, as on Snowflake.
CREATE OR REPLACE TEMP MACRO c360_task_history(
  scheduled_time_range_start := NULL,
  scheduled_time_range_end := NULL,
  result_limit := 100,
  task_name := NULL,
  error_only := FALSE,
  root_task_id := NULL
) AS TABLE
SELECT
  query_id          AS "QUERY_ID",
  name              AS "NAME",
  database_name     AS "DATABASE_NAME",
  schema_name       AS "SCHEMA_NAME",
  query_text        AS "QUERY_TEXT",
  condition_text    AS "CONDITION_TEXT",
  state             AS "STATE",
  error_code        AS "ERROR_CODE",
  error_message     AS "ERROR_MESSAGE",
  scheduled_time    AS "SCHEDULED_TIME",
  query_start_time  AS "QUERY_START_TIME",
  CAST(NULL AS TIMESTAMP) AS "NEXT_SCHEDULED_TIME",
  completed_time    AS "COMPLETED_TIME",
  h.root_task_id    AS "ROOT_TASK_ID",
  graph_version     AS "GRAPH_VERSION",
  run_id            AS "RUN_ID",
  return_value      AS "RETURN_VALUE",
  scheduled_from    AS "SCHEDULED_FROM",
  attempt_number    AS "ATTEMPT_NUMBER"
FROM {{ database }}.{{ schema }}.task_history AS h
WHERE scheduled_time >= coalesce(CAST(scheduled_time_range_start AS TIMESTAMP), CAST(now() AS TIMESTAMP) - INTERVAL 7 DAY)
  AND (scheduled_time_range_end IS NULL OR scheduled_time < CAST(scheduled_time_range_end AS TIMESTAMP))
  AND (task_name IS NULL OR name = upper(task_name))
  AND (NOT error_only OR state = 'FAILED')
  AND (root_task_id IS NULL OR h.root_task_id = root_task_id)
ORDER BY scheduled_time DESC, seq DESC
LIMIT least(result_limit, 10000);

-- INFORMATION_SCHEMA.QUERY_HISTORY(): locally, the statements the emulated tasks ran.
CREATE OR REPLACE TEMP MACRO c360_query_history(
  end_time_range_start := NULL,
  end_time_range_end := NULL,
  result_limit := 100
) AS TABLE
SELECT
  query_id          AS "QUERY_ID",
  query_text        AS "QUERY_TEXT",
  database_name     AS "DATABASE_NAME",
  schema_name       AS "SCHEMA_NAME",
  'TASK'            AS "QUERY_TYPE",
  'LOCAL'           AS "USER_NAME",
  '{{ role }}'      AS "ROLE_NAME",
  CASE state WHEN 'SUCCEEDED' THEN 'SUCCESS' WHEN 'FAILED' THEN 'FAILED_WITH_ERROR' WHEN 'EXECUTING' THEN 'RUNNING' ELSE 'FAILED_WITH_INCIDENT' END AS "EXECUTION_STATUS",
  error_code        AS "ERROR_CODE",
  error_message     AS "ERROR_MESSAGE",
  query_start_time  AS "START_TIME",
  completed_time    AS "END_TIME",
  CAST(date_diff('millisecond', query_start_time, coalesce(completed_time, CAST(now() AS TIMESTAMP))) AS BIGINT) AS "TOTAL_ELAPSED_TIME"
FROM {{ database }}.{{ schema }}.task_history AS h
WHERE query_id IS NOT NULL
  AND (end_time_range_start IS NULL OR completed_time >= CAST(end_time_range_start AS TIMESTAMP))
  AND (end_time_range_end IS NULL OR completed_time < CAST(end_time_range_end AS TIMESTAMP))
ORDER BY query_start_time DESC, seq DESC
LIMIT least(result_limit, 10000);

-- SHOW TASKS: the definitions of sql/orchestration/pipeline_tasks.sql, the state the emulation keeps.
CREATE OR REPLACE TEMP MACRO c360_show_tasks() AS TABLE
SELECT
  s.created_on                          AS created_on,
  d.name                                AS name,
  coalesce(s.task_id, '')               AS id,
  '{{ database }}'                      AS database_name,
  d.schema_name                         AS schema_name,
  '{{ role }}'                          AS owner,
  d.comment                             AS comment,
  d.warehouse                           AS warehouse,
  d.schedule                            AS schedule,
  d.predecessors                        AS predecessors,
  coalesce(s.state, 'suspended')        AS state,
  d.definition                          AS definition,
  d.condition                           AS condition,
  'false'                               AS allow_overlapping_execution,
  CAST(NULL AS VARCHAR)                 AS error_integration,
  CAST(NULL AS TIMESTAMP)               AS last_committed_on,
  s.last_suspended_on                   AS last_suspended_on,
  'ROLE'                                AS owner_role_type,
  CAST(NULL AS VARCHAR)                 AS config
FROM (
  {% if tasks.length %}VALUES {% for t in tasks %}{{ "," if not loop.first }}
    ({{ t.name }}, {{ t.schema }}, {{ t.warehouse }}, {{ t.schedule }}, {{ t.predecessors }}, {{ t.condition }}, {{ t.definition }}, {{ t.comment }}){% endfor %}
  {% else %}SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE FALSE{% endif %}
) AS d(name, schema_name, warehouse, schedule, predecessors, condition, definition, comment)
LEFT JOIN {{ database }}.{{ schema }}.task_state AS s ON s.name = d.name;

-- SHOW STREAMS: the streams of pipeline_tasks.sql; created_on once the emulation first read them.
CREATE OR REPLACE TEMP MACRO c360_show_streams() AS TABLE
SELECT
  o.created_on                          AS created_on,
  d.name                                AS name,
  '{{ database }}'                      AS database_name,
  d.schema_name                         AS schema_name,
  '{{ role }}'                          AS owner,
  d.comment                             AS comment,
  '{{ database }}.' || d.source_table   AS table_name,
  'Table'                               AS source_type,
  '{{ database }}.' || d.source_table   AS base_tables,
  'DELTA'                               AS type,
  'false'                               AS stale,
  'APPEND_ONLY'                         AS mode,
  CAST(NULL AS TIMESTAMP)               AS stale_after,
  CAST(NULL AS VARCHAR)                 AS invalid_reason,
  'ROLE'                                AS owner_role_type
FROM (
  {% if streams.length %}VALUES {% for s in streams %}{{ "," if not loop.first }}
    ({{ s.name }}, {{ s.schema }}, {{ s.sourceTable }}, {{ s.comment }}){% endfor %}
  {% else %}SELECT NULL, NULL, NULL, NULL WHERE FALSE{% endif %}
) AS d(name, schema_name, source_table, comment)
LEFT JOIN {{ database }}.{{ schema }}.stream_offsets AS o ON o.stream_name = d.name;

-- SHOW SHARES: the outbound share once the pipeline's share refresh created it.
CREATE OR REPLACE TEMP MACRO c360_show_shares() AS TABLE
SELECT
  created_on                            AS created_on,
  'OUTBOUND'                            AS kind,
  'LOCAL'                               AS owner_account,
  name                                  AS name,
  database_name                         AS database_name,
  coalesce(accounts, '')                AS "to",
  owner                                 AS owner,
  comment                               AS comment,
  CAST(NULL AS VARCHAR)                 AS listing_global_name,
  'true'                                AS secure_objects_only
FROM {{ database }}.{{ schema }}.shares;

-- SHOW DBT PROJECTS: the project in dbt/, once it was compiled locally.
CREATE OR REPLACE TEMP MACRO c360_show_dbt_projects() AS TABLE
SELECT
  CAST(d.created_on AS TIMESTAMP)       AS created_on,
  d.name                                AS name,
  '{{ database }}'                      AS database_name,
  d.schema_name                         AS schema_name,
  '{{ role }}'                          AS owner,
  d.comment                             AS comment,
  d.default_target                      AS default_target,
  'VERSION$1'                           AS default_version
FROM (
  {% if dbtProjects.length %}VALUES {% for p in dbtProjects %}{{ "," if not loop.first }}
    ({{ p.name }}, {{ p.schema }}, {{ p.comment }}, {{ p.defaultTarget }}, {{ p.createdOn }}){% endfor %}
  {% else %}SELECT NULL, NULL, NULL, NULL, NULL WHERE FALSE{% endif %}
) AS d(name, schema_name, comment, default_target, created_on);
