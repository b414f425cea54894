-- =====================================================================================
-- Media pack ("Newsworthy Customer 360"): the streams on the raw layer and the 1-minute
-- staging tasks (the seed's Stage 3).
--
--   RAW_SUBSCRIBER_EVENTS  -> sfe_subscriber_events_stream -> sfe_process_subscribers_task
--                             (every minute, only WHEN the stream has data)
--                             -> SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS, STG_UNIFIED_CUSTOMER
--   RAW_CONTENT_ENGAGEMENT -> sfe_content_stream           -> sfe_process_engagement_task
--                             (every minute, only WHEN the stream has data)
--                             -> SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT
--
--   landing files -> SFE_LOAD_LANDING_TASK (every minute, created suspended) -> the raw tables
--
--   FCT_CHURN_TRAINING -> sfe_weekly_churn_training_task (Sunday 2 AM) -> SFE_CHURN_CLASSIFIER (if the gate passes)
--   V_CHURN_SCORING    -> sfe_daily_churn_scoring_task (4 AM)          -> SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES
--
-- Run on Snowflake after sql/media/setup/01_setup.sql, 02_ingest.sql and 03_staging.sql (and,
-- for the churn tasks, the analytics layer and sql/media/ml/01..02):
--   snow sql -f sql/media/orchestration/pipeline_tasks.sql
--
-- This file is also the ONE definition for the local emulation (src/orchestration/dag.ts parses
-- it): the task bodies run on the local warehouse as written here, against emulated streams, in
-- SQL both engines accept. A stream's offset advances only when the transaction that reads it
-- commits, so a failed run leaves the staging tables and the stream as they were.
-- Streams and tasks live next to the raw tables they read.
-- =====================================================================================

USE ROLE C360_ENGINEER;
USE WAREHOUSE COMPUTE_WH;
USE DATABASE CUSTOMER_ANALYTICS;
USE SCHEMA SFE_RAW_MEDIA;

-- The scheduled load standing in for Snowpipe Streaming (see docs/media-pack.md): every minute,
-- the landing files not loaded yet, by the procedure of sql/media/setup/02_ingest.sql; locally the
-- pipeline's load stage (the same loader). Created suspended: `feed --backend snowflake` (or ALTER TASK ... RESUME)
-- starts it.
-- local: load
CREATE OR REPLACE TASK SFE_LOAD_LANDING_TASK
  WAREHOUSE = COMPUTE_WH
  SCHEDULE = '1 MINUTE'
  COMMENT = 'Media pack: loads new landing files (emulates Snowpipe Streaming with COPY INTO every minute)'
AS
  CALL SFE_RAW_MEDIA.SFE_LOAD_LANDING();

-- SHOW_INITIAL_ROWS: the first run also stages the rows loaded before the stream existed (the
-- history a first deployment loads), not only those that arrive after it.
CREATE OR REPLACE STREAM sfe_subscriber_events_stream
  ON TABLE SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS
  APPEND_ONLY = TRUE
  SHOW_INITIAL_ROWS = TRUE
  COMMENT = 'New subscription events since the last staging run';

CREATE OR REPLACE STREAM sfe_content_stream
  ON TABLE SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT
  APPEND_ONLY = TRUE
  SHOW_INITIAL_ROWS = TRUE
  COMMENT = 'New content views since the last staging run';

-- -------------------------------------------------------------------------------------
-- Subscribers: clean and type the events, flag the invalid ones, drop later arrivals of an event
-- already staged, MERGE into STG_SUBSCRIBER_EVENTS; then the subscribers the batch touched get
-- their latest valid event (by event_timestamp) in STG_UNIFIED_CUSTOMER. Both statements read
-- the stream inside one transaction, so they see the same rows and the offset moves once.
--   invalid (is_valid = FALSE, kept with the reason, never in the unified customer):
--     no subscriber_id, no or unknown event_type, a timestamp missing, unparseable or after the
--     day its file was delivered, a payment whose amount is missing or not > 0
--   defaults where safe: plan 'unknown', currency 'USD', channel 'unknown'
--   orphans (subscriber_id not in the roster SFE_RAW_MEDIA.SUBSCRIBERS): is_orphan = TRUE, processed
-- -------------------------------------------------------------------------------------
-- local: stream process
CREATE OR REPLACE TASK sfe_process_subscribers_task
  WAREHOUSE = COMPUTE_WH
  SCHEDULE = '1 MINUTE'
  COMMENT = 'Clean, validate and deduplicate new subscription events into SFE_STG_MEDIA'
  WHEN SYSTEM$STREAM_HAS_DATA('sfe_subscriber_events_stream')
AS
  EXECUTE IMMEDIATE $$
  BEGIN
    BEGIN TRANSACTION;
    MERGE INTO SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS AS tgt
    USING (
      SELECT
        c.event_id, c.subscriber_id, c.event_type, c.event_ts AS event_timestamp, c.plan, c.payment_amount,
        c.currency, c.channel,
        CASE
          WHEN c.subscriber_id IS NULL THEN 'missing subscriber_id'
          WHEN c.event_type IS NULL THEN 'missing event_type'
          WHEN c.event_type NOT IN ('signup', 'upgrade', 'downgrade', 'cancel', 'payment') THEN 'unknown event_type'
          WHEN c.raw_timestamp IS NULL THEN 'missing event_timestamp'
          WHEN c.event_ts IS NULL THEN 'unparseable event_timestamp'
          WHEN c.event_ts >= c.delivered_before THEN 'event_timestamp after its delivery'
          WHEN c.event_type = 'payment' AND COALESCE(c.payment_amount, 0) <= 0 THEN 'payment_amount not > 0'
        END AS invalid_reason,
        c.subscriber_id IS NOT NULL AND r.subscriber_id IS NULL AS is_orphan,
        c.load_key, c.source_file, c.source_line, c.loaded_at
      FROM (
        SELECT
          -- The natural key; a record without one is its own event.
          COALESCE(NULLIF(TRIM(s.event_id), ''), 'raw:' || CAST(s.load_key AS VARCHAR)) AS event_id,
          NULLIF(LOWER(TRIM(s.subscriber_id)), '') AS subscriber_id,
          NULLIF(LOWER(TRIM(s.event_type)), '') AS event_type,
          NULLIF(TRIM(s.event_timestamp), '') AS raw_timestamp,
          -- ISO 8601 in UTC ('2025-06-30T14:05:00Z') to TIMESTAMP_NTZ in UTC.
          TRY_CAST(REPLACE(REPLACE(TRIM(s.event_timestamp), 'T', ' '), 'Z', '') AS TIMESTAMP) AS event_ts,
          -- A file is named by the day it was delivered (subscription_events/2025-06-30.jsonl): no
          -- event in it can have happened after that day.
          CAST(TRY_CAST(SUBSTR(s.source_file, POSITION('/' IN s.source_file) + 1, 10) AS DATE) AS TIMESTAMP) + INTERVAL '1 day' AS delivered_before,
          COALESCE(NULLIF(LOWER(TRIM(JSON_EXTRACT_PATH_TEXT(TO_JSON(s.payload), 'plan'))), ''), 'unknown') AS plan,
          TRY_CAST(JSON_EXTRACT_PATH_TEXT(TO_JSON(s.payload), 'payment_amount') AS DECIMAL(10, 2)) AS payment_amount,
          COALESCE(NULLIF(UPPER(TRIM(JSON_EXTRACT_PATH_TEXT(TO_JSON(s.payload), 'currency'))), ''), 'USD') AS currency,
          COALESCE(NULLIF(LOWER(TRIM(JSON_EXTRACT_PATH_TEXT(TO_JSON(s.payload), 'channel'))), ''), 'unknown') AS channel,
          s.load_key, s.source_file, s.source_line, s.loaded_at
        FROM SFE_RAW_MEDIA.sfe_subscriber_events_stream AS s
        WHERE s."METADATA$ACTION" = 'INSERT'
      ) AS c
      LEFT JOIN SFE_RAW_MEDIA.SUBSCRIBERS AS r
        ON r.subscriber_id = c.subscriber_id
      -- The first arrival of an event wins; later arrivals in the same batch are duplicates.
      QUALIFY ROW_NUMBER() OVER (PARTITION BY c.event_id ORDER BY c.load_key) = 1
    ) AS src
    ON tgt.event_id = src.event_id
    WHEN NOT MATCHED THEN INSERT (
      event_id, subscriber_id, event_type, event_timestamp, plan, payment_amount, currency, channel,
      is_valid, invalid_reason, is_orphan, raw_load_key, source_file, source_line, loaded_at, staged_at
    ) VALUES (
      src.event_id, src.subscriber_id, src.event_type, src.event_timestamp, src.plan, src.payment_amount, src.currency, src.channel,
      src.invalid_reason IS NULL, src.invalid_reason, src.is_orphan, src.load_key, src.source_file, src.source_line, src.loaded_at,
      CAST(CURRENT_TIMESTAMP AS TIMESTAMP)
    );
    MERGE INTO SFE_STG_MEDIA.STG_UNIFIED_CUSTOMER AS tgt
    USING (
      SELECT
        e.subscriber_id,
        e.plan AS current_plan,
        CASE WHEN e.event_type = 'cancel' THEN 'cancelled' ELSE 'active' END AS subscription_status,
        e.event_type AS last_event_type,
        e.event_id AS last_event_id,
        e.event_timestamp AS last_event_at,
        MIN(e.event_timestamp) OVER (PARTITION BY e.subscriber_id) AS first_event_at,
        COUNT(*) OVER (PARTITION BY e.subscriber_id) AS valid_events,
        COALESCE(SUM(CASE WHEN e.event_type = 'payment' THEN e.payment_amount END) OVER (PARTITION BY e.subscriber_id), 0) AS payments_total,
        e.is_orphan
      FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS AS e
      WHERE e.is_valid
        AND e.subscriber_id IN (SELECT LOWER(TRIM(s.subscriber_id)) FROM SFE_RAW_MEDIA.sfe_subscriber_events_stream AS s)
      -- Latest record wins by event_timestamp (the event id breaks a tie, so a re-run picks the same one).
      QUALIFY ROW_NUMBER() OVER (PARTITION BY e.subscriber_id ORDER BY e.event_timestamp DESC, e.event_id DESC) = 1
    ) AS src
    ON tgt.subscriber_id = src.subscriber_id
    WHEN MATCHED THEN UPDATE SET
      current_plan = src.current_plan, subscription_status = src.subscription_status, last_event_type = src.last_event_type,
      last_event_id = src.last_event_id, last_event_at = src.last_event_at, first_event_at = src.first_event_at,
      valid_events = src.valid_events, payments_total = src.payments_total, is_orphan = src.is_orphan,
      updated_at = CAST(CURRENT_TIMESTAMP AS TIMESTAMP)
    WHEN NOT MATCHED THEN INSERT (
      subscriber_id, current_plan, subscription_status, last_event_type, last_event_id, last_event_at, first_event_at,
      valid_events, payments_total, is_orphan, updated_at
    ) VALUES (
      src.subscriber_id, src.current_plan, src.subscription_status, src.last_event_type, src.last_event_id, src.last_event_at,
      src.first_event_at, src.valid_events, src.payments_total, src.is_orphan, CAST(CURRENT_TIMESTAMP AS TIMESTAMP)
    );
    -- Where the run's raw rows went, counted from what it staged: a raw row is staged (valid or
    -- flagged), or a later arrival of an event staged from an earlier raw row; any other is lost.
    INSERT INTO SFE_STG_MEDIA.STAGING_RECONCILIATION (
      source, task_name, staged_at, first_load_key, last_load_key, raw_rows, staged_valid, flagged_invalid,
      duplicates_removed, bots_filtered, orphans
    )
    SELECT
      'subscription events', 'SFE_PROCESS_SUBSCRIBERS_TASK', CAST(CURRENT_TIMESTAMP AS TIMESTAMP),
      MIN(s.load_key), MAX(s.load_key), COUNT(*),
      COUNT(CASE WHEN st.is_valid THEN 1 END),
      COUNT(CASE WHEN NOT st.is_valid THEN 1 END),
      COUNT(CASE WHEN st.raw_load_key IS NULL AND k.event_id IS NOT NULL THEN 1 END),
      0,
      COUNT(CASE WHEN st.is_orphan THEN 1 END)
    FROM SFE_RAW_MEDIA.sfe_subscriber_events_stream AS s
    LEFT JOIN SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS AS st
      ON st.raw_load_key = s.load_key
    LEFT JOIN SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS AS k
      ON k.event_id = TRIM(s.event_id) AND k.raw_load_key < s.load_key
    WHERE s."METADATA$ACTION" = 'INSERT'
    HAVING COUNT(*) > 0;
    COMMIT;
  END;
  $$;

-- -------------------------------------------------------------------------------------
-- Engagement: type the views, parse the article metadata, score each view, filter bot traffic,
-- INSERT the new views (a view_id already staged is a later arrival, left out).
--   bots: a known crawler or script user agent, or a session reading more than 20 articles in
--   one minute (people read one every few minutes; the scrapers hundreds in a minute or two)
--   engagement_score (0-100): time spent reading, capped at 10 minutes, linear: 100 * min(t, 600) / 600;
--   a negative or missing time counts as 0 seconds
--   invalid (is_valid = FALSE, kept with the reason): no article number (the article_id missing or
--   not a number), a timestamp missing,
--   unparseable or after the day its file was delivered
-- Then, in the same transaction, the run's row of SFE_STG_MEDIA.STAGING_RECONCILIATION (as the
-- subscribers task writes its own).
-- -------------------------------------------------------------------------------------
-- local: stream process
CREATE OR REPLACE TASK sfe_process_engagement_task
  WAREHOUSE = COMPUTE_WH
  SCHEDULE = '1 MINUTE'
  COMMENT = 'Score new content views and filter bot traffic into SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT'
  WHEN SYSTEM$STREAM_HAS_DATA('sfe_content_stream')
AS
  EXECUTE IMMEDIATE $$
  BEGIN
    BEGIN TRANSACTION;
    INSERT INTO SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT (
      view_id, subscriber_id, session_id, article_number, section, event_timestamp, time_spent_seconds,
      engagement_score, is_valid, invalid_reason, raw_load_key, source_file, source_line, loaded_at, staged_at
    )
    SELECT
      v.view_id, v.subscriber_id, v.session_id, v.article_number, v.section, v.event_ts, v.time_spent_seconds,
      CAST(ROUND(100.0 * LEAST(GREATEST(COALESCE(v.time_spent_seconds, 0), 0), 600) / 600, 1) AS DECIMAL(5, 1)),
      v.invalid_reason IS NULL, v.invalid_reason, v.load_key, v.source_file, v.source_line, v.loaded_at, CAST(CURRENT_TIMESTAMP AS TIMESTAMP)
    FROM (
      SELECT
        w.*,
        CASE
          WHEN w.article_number IS NULL THEN 'missing article_id'
          WHEN w.raw_timestamp IS NULL THEN 'missing event_timestamp'
          WHEN w.event_ts IS NULL THEN 'unparseable event_timestamp'
          WHEN w.event_ts >= w.delivered_before THEN 'event_timestamp after its delivery'
        END AS invalid_reason
      FROM (
        SELECT
          COALESCE(NULLIF(s.trimmed_view_id, ''), 'raw:' || CAST(s.load_key AS VARCHAR)) AS view_id,
          NULLIF(LOWER(s.trimmed_subscriber_id), '') AS subscriber_id,
          NULLIF(s.trimmed_session_id, '') AS session_id,
          TRY_CAST(TRIM(s.article_id) AS INTEGER) AS article_number,
          COALESCE(NULLIF(LOWER(TRIM(s.section)), ''), 'unknown') AS section,
          NULLIF(s.trimmed_event_timestamp, '') AS raw_timestamp,
          -- Only a value with a T or Z needs them replaced; the platform writes '2025-06-30 14:05:00'.
          CASE WHEN CONTAINS(s.event_timestamp, 'T') OR CONTAINS(s.event_timestamp, 'Z')
               THEN TRY_CAST(REPLACE(REPLACE(s.trimmed_event_timestamp, 'T', ' '), 'Z', '') AS TIMESTAMP)
               ELSE TRY_CAST(s.trimmed_event_timestamp AS TIMESTAMP) END AS event_ts,
          -- content_engagement/2025-06-30/1400.csv: delivered on 2025-06-30.
          CAST(TRY_CAST(SUBSTR(s.source_file, POSITION('/' IN s.source_file) + 1, 10) AS DATE) AS TIMESTAMP) + INTERVAL '1 day' AS delivered_before,
          TRY_CAST(ROUND(TRY_CAST(s.time_spent_seconds AS DOUBLE)) AS INTEGER) AS time_spent_seconds,
          LOWER(COALESCE(s.user_agent, '')) AS user_agent,
          s.load_key, s.source_file, s.source_line, s.loaded_at
        FROM (
          -- TRIM copies every string it returns, and few values have a space to trim: the per-view
          -- columns are trimmed only when they start or end with one (the same value either way).
          SELECT
            r.*,
            CASE WHEN r.view_id LIKE ' %' OR r.view_id LIKE '% ' THEN TRIM(r.view_id) ELSE r.view_id END AS trimmed_view_id,
            CASE WHEN r.subscriber_id LIKE ' %' OR r.subscriber_id LIKE '% ' THEN TRIM(r.subscriber_id) ELSE r.subscriber_id END AS trimmed_subscriber_id,
            CASE WHEN r.session_id LIKE ' %' OR r.session_id LIKE '% ' THEN TRIM(r.session_id) ELSE r.session_id END AS trimmed_session_id,
            CASE WHEN r.event_timestamp LIKE ' %' OR r.event_timestamp LIKE '% ' THEN TRIM(r.event_timestamp) ELSE r.event_timestamp END AS trimmed_event_timestamp
          FROM SFE_RAW_MEDIA.sfe_content_stream AS r
          WHERE r."METADATA$ACTION" = 'INSERT'
        ) AS s
      ) AS w
    ) AS v
    -- Later arrivals: the views that arrive more than once in this batch, with their first arrival.
    -- Grouped, not windowed, and joined as a small table: the first batch is the whole history
    -- (4M rows at full scale), of which ~1% arrive twice.
    LEFT JOIN (
      SELECT d.view_id, MIN(d.load_key) AS first_load_key
      FROM (
        SELECT CASE WHEN r.view_id LIKE ' %' OR r.view_id LIKE '% ' THEN TRIM(r.view_id) ELSE r.view_id END AS view_id, r.load_key
        FROM SFE_RAW_MEDIA.sfe_content_stream AS r
        WHERE r."METADATA$ACTION" = 'INSERT'
      ) AS d
      WHERE d.view_id <> ''
      GROUP BY d.view_id
      HAVING COUNT(*) > 1
    ) AS f
      ON f.view_id = v.view_id
    -- Bursts: a session that read more than 20 articles in one minute. Only sessions with more
    -- than 20 views in the whole batch can have one, so the minutes are counted for those alone.
    LEFT JOIN (
      SELECT NULLIF(TRIM(m.session_id), '') AS session_id,
             DATE_TRUNC('minute', TRY_CAST(REPLACE(REPLACE(TRIM(m.event_timestamp), 'T', ' '), 'Z', '') AS TIMESTAMP)) AS minute
      FROM SFE_RAW_MEDIA.sfe_content_stream AS m
      WHERE m."METADATA$ACTION" = 'INSERT'
        AND CASE WHEN m.session_id LIKE ' %' OR m.session_id LIKE '% ' THEN TRIM(m.session_id) ELSE m.session_id END IN (
          SELECT c.session_id
          FROM (
            SELECT CASE WHEN r.session_id LIKE ' %' OR r.session_id LIKE '% ' THEN TRIM(r.session_id) ELSE r.session_id END AS session_id
            FROM SFE_RAW_MEDIA.sfe_content_stream AS r
            WHERE r."METADATA$ACTION" = 'INSERT'
          ) AS c
          WHERE c.session_id <> ''
          GROUP BY c.session_id
          HAVING COUNT(*) > 20
        )
      -- A view without a timestamp falls in a NULL minute, which the join below never matches: no
      -- filter on it here, so the timestamps are parsed only for the few sessions kept.
      GROUP BY 1, 2
      HAVING COUNT(*) > 20
    ) AS b
      ON b.session_id = v.session_id AND b.minute = DATE_TRUNC('minute', v.event_ts)
    -- A view an earlier batch staged.
    LEFT JOIN SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT AS t
      ON t.view_id = v.view_id
    -- The first arrival of a view in this batch, unless an earlier batch staged it.
    WHERE t.view_id IS NULL
      AND (f.view_id IS NULL OR f.first_load_key = v.load_key)
      AND b.session_id IS NULL
      AND NOT (
        v.user_agent LIKE '%bot%' OR v.user_agent LIKE '%crawl%' OR v.user_agent LIKE '%spider%'
        OR v.user_agent LIKE '%python-requests%' OR v.user_agent LIKE '%curl%' OR v.user_agent LIKE '%headlesschrome%'
      );
    -- Where the run's raw rows went, counted from what it staged: of the rows it left out (~7%),
    -- bot traffic by the rules above, or else a later arrival of a view staged from an earlier
    -- raw row; any other is lost. Only the left-out rows are classified again, and the minutes
    -- counted only for the sessions of those without a bot agent.
    INSERT INTO SFE_STG_MEDIA.STAGING_RECONCILIATION (
      source, task_name, staged_at, first_load_key, last_load_key, raw_rows, staged_valid, flagged_invalid,
      duplicates_removed, bots_filtered, orphans
    )
    WITH left_out AS (
      SELECT
        s.load_key,
        COALESCE(NULLIF(TRIM(s.view_id), ''), 'raw:' || CAST(s.load_key AS VARCHAR)) AS view_id,
        NULLIF(TRIM(s.session_id), '') AS session_id,
        DATE_TRUNC('minute', TRY_CAST(REPLACE(REPLACE(TRIM(s.event_timestamp), 'T', ' '), 'Z', '') AS TIMESTAMP)) AS minute,
        LOWER(COALESCE(s.user_agent, '')) LIKE '%bot%' OR LOWER(COALESCE(s.user_agent, '')) LIKE '%crawl%'
          OR LOWER(COALESCE(s.user_agent, '')) LIKE '%spider%' OR LOWER(COALESCE(s.user_agent, '')) LIKE '%python-requests%'
          OR LOWER(COALESCE(s.user_agent, '')) LIKE '%curl%' OR LOWER(COALESCE(s.user_agent, '')) LIKE '%headlesschrome%' AS is_bot_agent
      FROM SFE_RAW_MEDIA.sfe_content_stream AS s
      LEFT JOIN (
        SELECT raw_load_key FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT
        WHERE raw_load_key >= (SELECT MIN(load_key) FROM SFE_RAW_MEDIA.sfe_content_stream)
      ) AS t
        ON t.raw_load_key = s.load_key
      WHERE s."METADATA$ACTION" = 'INSERT' AND t.raw_load_key IS NULL
    ),
    bursts AS (
      SELECT NULLIF(TRIM(m.session_id), '') AS session_id,
             DATE_TRUNC('minute', TRY_CAST(REPLACE(REPLACE(TRIM(m.event_timestamp), 'T', ' '), 'Z', '') AS TIMESTAMP)) AS minute
      FROM SFE_RAW_MEDIA.sfe_content_stream AS m
      WHERE m."METADATA$ACTION" = 'INSERT'
        AND CASE WHEN m.session_id LIKE ' %' OR m.session_id LIKE '% ' THEN TRIM(m.session_id) ELSE m.session_id END IN (SELECT session_id FROM left_out WHERE NOT is_bot_agent)
      GROUP BY 1, 2
      HAVING COUNT(*) > 20
    )
    SELECT
      'content views', 'SFE_PROCESS_ENGAGEMENT_TASK', CAST(CURRENT_TIMESTAMP AS TIMESTAMP),
      n.first_load_key, n.last_load_key, n.raw_rows, st.staged_valid, st.flagged_invalid, o.duplicates_removed, o.bots_filtered, 0
    FROM (
      SELECT MIN(load_key) AS first_load_key, MAX(load_key) AS last_load_key, COUNT(*) AS raw_rows
      FROM SFE_RAW_MEDIA.sfe_content_stream WHERE "METADATA$ACTION" = 'INSERT'
    ) AS n
    CROSS JOIN (
      SELECT COUNT(CASE WHEN is_valid THEN 1 END) AS staged_valid, COUNT(CASE WHEN NOT is_valid THEN 1 END) AS flagged_invalid
      FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT
      WHERE raw_load_key >= (SELECT MIN(load_key) FROM SFE_RAW_MEDIA.sfe_content_stream)
    ) AS st
    CROSS JOIN (
      SELECT
        COUNT(CASE WHEN l.is_bot_agent OR b.session_id IS NOT NULL THEN 1 END) AS bots_filtered,
        COUNT(CASE WHEN NOT l.is_bot_agent AND b.session_id IS NULL AND k.view_id IS NOT NULL THEN 1 END) AS duplicates_removed
      FROM left_out AS l
      LEFT JOIN bursts AS b
        ON b.session_id = l.session_id AND b.minute = l.minute
      LEFT JOIN SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT AS k
        ON k.view_id = l.view_id AND k.raw_load_key < l.load_key
    ) AS o
    WHERE n.raw_rows > 0;
    COMMIT;
  END;
  $$;

-- -------------------------------------------------------------------------------------
-- The churn classifier (the seed's Stage 4, ML training and prediction; sql/media/ml/ creates the
-- views, the tables and the training procedure):
--   weekly, Sunday 2 AM (after the Sunday 1 AM refresh of FCT_CHURN_TRAINING): train a candidate
--   SFE_CHURN_CLASSIFIER, judge it on every held-out row against recency alone and shuffled labels,
--   and deploy it only if the gate passes (held-out AUC > 0.80, +0.03 over recency, above every
--   shuffled-label fit); locally the pipeline's churn train stage (local-ml/media/model.yaml).
--   daily, 4 AM: score every active subscriber with the deployed SFE_CHURN_CLASSIFIER into
--   FCT_CUSTOMER_HEALTH_SCORES, replacing today's rows (a re-run replaces the day, another day adds
--   to the history). churn_risk_score is the probability of cancelling within 30 days; risk_tier
--   High >= 0.30, Medium >= 0.10, Low below. Before any model has passed the gate there is no
--   SFE_CHURN_CLASSIFIER and the run fails, scoring nothing. Locally the pipeline's score stage
--   (the same features and tiers: local-ml/media/sql/score_subscribers.sql).
-- -------------------------------------------------------------------------------------
-- local: churn train
CREATE OR REPLACE TASK sfe_weekly_churn_training_task
  WAREHOUSE = COMPUTE_WH
  SCHEDULE = 'USING CRON 0 2 * * SUN UTC'
  COMMENT = 'Train SFE_CHURN_CLASSIFIER weekly; deploy only if the held-out gate passes'
AS
  CALL SFE_ANALYTICS_MEDIA.SFE_TRAIN_CHURN_CLASSIFIER();

-- local: score
CREATE OR REPLACE TASK sfe_daily_churn_scoring_task
  WAREHOUSE = COMPUTE_WH
  SCHEDULE = 'USING CRON 0 4 * * * UTC'
  COMMENT = 'Score active subscribers with SFE_CHURN_CLASSIFIER into FCT_CUSTOMER_HEALTH_SCORES (history by day)'
AS
  EXECUTE IMMEDIATE $$
  BEGIN
    BEGIN TRANSACTION;
    DELETE FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES WHERE score_date = CURRENT_DATE();
    INSERT INTO SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES (subscriber_id, score_date, churn_risk_score, risk_tier, model_version, scored_at)
    WITH scored AS (
      SELECT
        s.subscriber_id,
        s.score_date,
        SFE_ANALYTICS_MEDIA.SFE_CHURN_CLASSIFIER!PREDICT(INPUT_DATA => OBJECT_CONSTRUCT(* EXCLUDE (subscriber_id, score_date))):probability:"1"::FLOAT AS churn_risk_score
      FROM SFE_ANALYTICS_MEDIA.V_CHURN_SCORING AS s
    )
    SELECT
      subscriber_id,
      score_date,
      churn_risk_score,
      CASE WHEN churn_risk_score >= 0.30 THEN 'High' WHEN churn_risk_score >= 0.10 THEN 'Medium' ELSE 'Low' END,
      (SELECT model_version FROM SFE_ANALYTICS_MEDIA.CHURN_MODEL_REGISTRY WHERE deployed ORDER BY trained_at DESC LIMIT 1),
      CAST(CURRENT_TIMESTAMP() AS TIMESTAMP_NTZ)
    FROM scored;
    COMMIT;
  END;
  $$;

-- Start the tasks (each is its own root).
ALTER TASK sfe_process_subscribers_task RESUME;
ALTER TASK sfe_process_engagement_task RESUME;
ALTER TASK sfe_weekly_churn_training_task RESUME;
ALTER TASK sfe_daily_churn_scoring_task RESUME;
