-- The latest timing of each pipeline stage and generation step (GENERATION_TELEMETRY), for the
-- wrap-up's "this run" column when no task-graph run has happened yet.
SELECT stage, seconds, row_count, recorded_at
FROM (
  SELECT
    stage, seconds, row_count, recorded_at,
    row_number() OVER (PARTITION BY stage ORDER BY recorded_at DESC, run_id DESC) AS newest
  FROM TELEMETRY.GENERATION_TELEMETRY
) AS ranked
WHERE newest = 1
ORDER BY recorded_at, stage
