-- Telemetry for the local warehouse, as the seed's 05_telemetry_tracking.sql sets it up on Snowflake.
CREATE TABLE IF NOT EXISTS TELEMETRY.GENERATION_TELEMETRY (
  run_id            VARCHAR,
  stage             VARCHAR,
  row_count         BIGINT,
  seconds           DOUBLE,
  rows_per_second   DOUBLE,
  seed              INTEGER,
  customer_scale    INTEGER,
  as_of             DATE,
  recorded_at       TIMESTAMP
);

CREATE TABLE IF NOT EXISTS TELEMETRY.DATA_QUALITY_TELEMETRY (
  run_id       VARCHAR,
  check_order  INTEGER,
  check_name   VARCHAR,
  status       VARCHAR,
  observed     VARCHAR,
  expected     VARCHAR,
  checked_at   TIMESTAMP
);

CREATE TABLE IF NOT EXISTS TELEMETRY.SEGMENT_TELEMETRY (
  run_id            VARCHAR,
  customer_segment  VARCHAR,
  customers         BIGINT,
  transactions      BIGINT,
  approved_spend    DOUBLE,
  avg_ticket        DOUBLE,
  approval_rate     DOUBLE,
  travel_share      DOUBLE,
  snapshot_at       TIMESTAMP
);

-- Baseline (before generation) and post (after) snapshots of the same metrics: the delta analysis.
CREATE TABLE IF NOT EXISTS TELEMETRY.METRIC_SNAPSHOTS (
  run_id       VARCHAR,
  phase        VARCHAR,
  metric       VARCHAR,
  value        DOUBLE,
  captured_at  TIMESTAMP
);

CREATE OR REPLACE VIEW TELEMETRY.V_DATA_QUALITY_DASHBOARD AS
WITH latest AS (
  SELECT max(checked_at) AS checked_at FROM TELEMETRY.DATA_QUALITY_TELEMETRY
),
history AS (
  SELECT check_name,
         count(*) AS runs,
         avg(CASE WHEN status = 'pass' THEN 1.0 ELSE 0.0 END) AS pass_rate
  FROM TELEMETRY.DATA_QUALITY_TELEMETRY
  GROUP BY check_name
)
SELECT t.check_order, t.check_name, t.status, t.observed, t.expected, t.checked_at, h.runs, h.pass_rate
FROM TELEMETRY.DATA_QUALITY_TELEMETRY AS t
JOIN latest AS l ON t.checked_at = l.checked_at
JOIN history AS h ON h.check_name = t.check_name;

CREATE OR REPLACE VIEW TELEMETRY.V_SEGMENT_PERFORMANCE AS
SELECT
  customer_segment,
  snapshot_at,
  customers,
  transactions,
  approved_spend,
  avg_ticket,
  approval_rate,
  travel_share,
  approved_spend - lag(approved_spend) OVER (PARTITION BY customer_segment ORDER BY snapshot_at) AS spend_change
FROM TELEMETRY.SEGMENT_TELEMETRY;

CREATE OR REPLACE VIEW TELEMETRY.V_GENERATION_DELTA AS
WITH latest AS (
  SELECT run_id FROM TELEMETRY.METRIC_SNAPSHOTS WHERE phase = 'post' ORDER BY captured_at DESC LIMIT 1
)
SELECT
  p.metric,
  b.value AS baseline,
  p.value AS post,
  p.value - coalesce(b.value, 0) AS delta
FROM TELEMETRY.METRIC_SNAPSHOTS AS p
JOIN latest USING (run_id)
LEFT JOIN TELEMETRY.METRIC_SNAPSHOTS AS b ON b.run_id = p.run_id AND b.metric = p.metric AND b.phase = 'baseline'
WHERE p.phase = 'post';
