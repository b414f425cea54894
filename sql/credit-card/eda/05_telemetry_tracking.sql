-- =====================================================================================
-- 05 Telemetry tracking: the tables and views that keep generation runs, data-quality results
-- and segment snapshots over time. The same objects the local warehouse keeps in its TELEMETRY
-- schema (src/telemetry/telemetry_tables.sql), in Snowflake types. Idempotent.
--   generation_telemetry      one row per generation stage run
--   data_quality_telemetry    one row per check per run (the 12 checks of 03)
--   segment_telemetry         one row per segment per run
--   metric_snapshots          baseline (01) and post (04) metrics per run
--   v_data_quality_dashboard  the latest run's checks with their pass rate over all runs
--   v_segment_performance     segment snapshots with the change since the previous one
-- =====================================================================================

USE ROLE C360_ENGINEER;
USE WAREHOUSE COMPUTE_WH;
USE DATABASE CUSTOMER_ANALYTICS;
USE SCHEMA TELEMETRY;

CREATE TABLE IF NOT EXISTS TELEMETRY.GENERATION_TELEMETRY (
  run_id            VARCHAR,
  stage             VARCHAR,
  row_count         NUMBER(38, 0),
  seconds           FLOAT,
  rows_per_second   FLOAT,
  seed              INTEGER,
  customer_scale    INTEGER,
  as_of             DATE,
  recorded_at       TIMESTAMP_NTZ
);

CREATE TABLE IF NOT EXISTS TELEMETRY.DATA_QUALITY_TELEMETRY (
  run_id       VARCHAR,
  check_order  INTEGER,
  check_name   VARCHAR,
  status       VARCHAR,
  observed     VARCHAR,
  expected     VARCHAR,
  checked_at   TIMESTAMP_NTZ
);

CREATE TABLE IF NOT EXISTS TELEMETRY.SEGMENT_TELEMETRY (
  run_id            VARCHAR,
  customer_segment  VARCHAR,
  customers         NUMBER(38, 0),
  transactions      NUMBER(38, 0),
  approved_spend    FLOAT,
  avg_ticket        FLOAT,
  approval_rate     FLOAT,
  travel_share      FLOAT,
  snapshot_at       TIMESTAMP_NTZ
);

CREATE TABLE IF NOT EXISTS TELEMETRY.METRIC_SNAPSHOTS (
  run_id       VARCHAR,
  phase        VARCHAR,
  metric       VARCHAR,
  value        FLOAT,
  captured_at  TIMESTAMP_NTZ
);

CREATE OR REPLACE VIEW TELEMETRY.V_DATA_QUALITY_DASHBOARD AS
WITH latest AS (
  SELECT MAX(checked_at) AS checked_at FROM TELEMETRY.DATA_QUALITY_TELEMETRY
),
history AS (
  SELECT check_name,
         COUNT(*) AS runs,
         AVG(CASE WHEN status = 'pass' THEN 1.0 ELSE 0.0 END) AS pass_rate
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
  approved_spend - LAG(approved_spend) OVER (PARTITION BY customer_segment ORDER BY snapshot_at) AS spend_change
FROM TELEMETRY.SEGMENT_TELEMETRY;

CREATE OR REPLACE VIEW TELEMETRY.V_GENERATION_DELTA AS
WITH latest AS (
  SELECT run_id FROM TELEMETRY.METRIC_SNAPSHOTS WHERE phase = 'post' ORDER BY captured_at DESC LIMIT 1
)
SELECT
  p.metric,
  b.value AS baseline,
  p.value AS post,
  p.value - COALESCE(b.value, 0) AS delta
FROM TELEMETRY.METRIC_SNAPSHOTS AS p
JOIN latest USING (run_id)
LEFT JOIN TELEMETRY.METRIC_SNAPSHOTS AS b ON b.run_id = p.run_id AND b.metric = p.metric AND b.phase = 'baseline'
WHERE p.phase = 'post';

-- A segment snapshot of the current bronze data (run after every generation).
SET telemetry_run_id = (SELECT COALESCE(MAX(run_id), UUID_STRING()) FROM TELEMETRY.METRIC_SNAPSHOTS WHERE phase = 'post');

INSERT INTO TELEMETRY.SEGMENT_TELEMETRY
SELECT
  $telemetry_run_id,
  c.customer_segment,
  COUNT(DISTINCT c.customer_id) AS customers,
  COUNT(t.transaction_id) AS transactions,
  SUM(CASE WHEN t.status = 'approved' THEN t.transaction_amount ELSE 0 END) AS approved_spend,
  AVG(t.transaction_amount) AS avg_ticket,
  AVG(CASE WHEN t.status = 'approved' THEN 1.0 ELSE 0.0 END) AS approval_rate,
  AVG(CASE WHEN t.merchant_category = 'Travel' THEN 1.0 ELSE 0.0 END) AS travel_share,
  CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
FROM CUSTOMER_ANALYTICS.BRONZE.BRONZE_CUSTOMERS AS c
LEFT JOIN CUSTOMER_ANALYTICS.BRONZE.BRONZE_TRANSACTIONS AS t ON t.customer_id = c.customer_id
GROUP BY c.customer_segment;

-- Generation timings from the task runs of the last week (the Snowflake side's generation_telemetry).
INSERT INTO TELEMETRY.GENERATION_TELEMETRY
SELECT
  $telemetry_run_id,
  LOWER(h.name),
  NULL,
  DATEDIFF('millisecond', h.query_start_time, h.completed_time) / 1000.0,
  NULL,
  42,
  50000,
  NULL,
  h.completed_time::TIMESTAMP_NTZ
FROM TABLE(CUSTOMER_ANALYTICS.INFORMATION_SCHEMA.TASK_HISTORY(
  SCHEDULED_TIME_RANGE_START => DATEADD('day', -7, CURRENT_TIMESTAMP()),
  RESULT_LIMIT => 1000
)) AS h
WHERE h.database_name = 'CUSTOMER_ANALYTICS'
  AND h.name IN ('GENERATE_CUSTOMER_DATA', 'GENERATE_TRANSACTION_DATA')
  AND h.state = 'SUCCEEDED'
QUALIFY ROW_NUMBER() OVER (PARTITION BY h.name ORDER BY h.completed_time DESC) = 1;

SELECT * FROM TELEMETRY.V_DATA_QUALITY_DASHBOARD ORDER BY check_order;
SELECT * FROM TELEMETRY.V_SEGMENT_PERFORMANCE ORDER BY customer_segment, snapshot_at DESC;
