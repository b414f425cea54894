-- Media churn model on Snowflake, step 1 of 2: what the classifier learns from, is judged on and
-- scores, and the tables it writes. Run after the analytics layer (dbt/media) has been built.
--  * V_CHURN_TRAIN_ROWS: the training dates of SFE_ANALYTICS_MEDIA.FCT_CHURN_TRAINING (dbt's split
--    by date, 'train' = the earlier 80% of the weekly observation dates), with ids, the local
--    model's features in the same order (local-ml/media/model.yaml) and the label;
--  * V_CHURN_TRAIN: the same without ids - what SNOWFLAKE.ML.CLASSIFICATION sees;
--  * V_CHURN_HOLDOUT: every row of the held-out dates ('test');
--  * V_CHURN_SCORING: today's features of every active subscriber (signed up before today, not
--    cancelled before today), computed exactly as FCT_CHURN_TRAINING computes them for an
--    observation date, from DIM_SUBSCRIBERS, FCT_ENGAGEMENT_DAILY (the last 30 and 7 days, the days
--    read, and the last day read), the support tickets of the last 90 days (all, billing, rated 1-2
--    once resolved, still open today) and the plan downgrades.
--    local-ml/media/sql/score_subscribers.sql is the local twin.
USE ROLE C360_ENGINEER;
USE WAREHOUSE COMPUTE_WH;
USE DATABASE CUSTOMER_ANALYTICS;
USE SCHEMA SFE_ANALYTICS_MEDIA;

CREATE OR REPLACE VIEW SFE_ANALYTICS_MEDIA.V_CHURN_TRAIN_ROWS AS
SELECT
    f.subscriber_id,
    f.observation_date,
    f.engagement_score,
    f.engagement_score_7d,
    f.articles_viewed_30d,
    f.articles_viewed_7d,
    f.reading_days_30d,
    f.days_since_last_read,
    f.support_tickets_count,
    f.support_tickets_30d,
    f.billing_tickets_30d,
    f.low_satisfaction_tickets_30d,
    f.open_tickets_at_observation,
    f.downgrades_90d,
    f.subscription_tenure_days,
    f.churned
FROM SFE_ANALYTICS_MEDIA.FCT_CHURN_TRAINING AS f
WHERE f.split = 'train';

CREATE OR REPLACE VIEW SFE_ANALYTICS_MEDIA.V_CHURN_TRAIN AS
SELECT * EXCLUDE (subscriber_id, observation_date)
FROM SFE_ANALYTICS_MEDIA.V_CHURN_TRAIN_ROWS;

CREATE OR REPLACE VIEW SFE_ANALYTICS_MEDIA.V_CHURN_HOLDOUT AS
SELECT
    f.subscriber_id,
    f.observation_date,
    f.engagement_score,
    f.engagement_score_7d,
    f.articles_viewed_30d,
    f.articles_viewed_7d,
    f.reading_days_30d,
    f.days_since_last_read,
    f.support_tickets_count,
    f.support_tickets_30d,
    f.billing_tickets_30d,
    f.low_satisfaction_tickets_30d,
    f.open_tickets_at_observation,
    f.downgrades_90d,
    f.subscription_tenure_days,
    f.churned
FROM SFE_ANALYTICS_MEDIA.FCT_CHURN_TRAINING AS f
WHERE f.split = 'test';

CREATE OR REPLACE VIEW SFE_ANALYTICS_MEDIA.V_CHURN_SCORING AS
WITH score_day AS (
    SELECT CURRENT_DATE() AS d
),
history AS (
    SELECT MIN(activity_date) AS history_start
    FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY
),
cancels AS (
    SELECT subscriber_id, MIN(event_timestamp) AS cancelled_at
    FROM SFE_ANALYTICS_MEDIA.INT_SUBSCRIPTION_EVENTS
    WHERE event_type = 'cancel'
    GROUP BY subscriber_id
),
active AS (
    SELECT s.subscriber_id, DATEDIFF('day', s.signup_date, sd.d) AS tenure_days
    FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS s
    CROSS JOIN score_day AS sd
    LEFT JOIN cancels AS c ON c.subscriber_id = s.subscriber_id
    WHERE s.signup_date < sd.d
        AND (c.cancelled_at IS NULL OR c.cancelled_at >= sd.d)
),
reading AS (
    SELECT
        e.subscriber_id,
        SUM(CASE WHEN e.activity_date >= DATEADD('day', -30, sd.d) THEN e.engagement_score ELSE 0 END) AS engagement_sum_30d,
        SUM(CASE WHEN e.activity_date >= DATEADD('day', -7, sd.d) THEN e.engagement_score ELSE 0 END) AS engagement_sum_7d,
        SUM(CASE WHEN e.activity_date >= DATEADD('day', -30, sd.d) THEN e.articles_viewed ELSE 0 END) AS articles_viewed_30d,
        SUM(CASE WHEN e.activity_date >= DATEADD('day', -7, sd.d) THEN e.articles_viewed ELSE 0 END) AS articles_viewed_7d,
        SUM(CASE WHEN e.activity_date >= DATEADD('day', -30, sd.d) THEN 1 ELSE 0 END) AS reading_days_30d,
        MAX(e.activity_date) AS last_read_date
    FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY AS e
    CROSS JOIN score_day AS sd
    WHERE e.activity_date < sd.d
    GROUP BY e.subscriber_id
),
tickets AS (
    SELECT
        t.subscriber_id,
        COUNT(*) AS tickets_90d,
        SUM(CASE WHEN t.created_date >= DATEADD('day', -30, sd.d) THEN 1 ELSE 0 END) AS tickets_30d,
        SUM(CASE WHEN t.created_date >= DATEADD('day', -30, sd.d) AND t.category = 'billing' THEN 1 ELSE 0 END) AS billing_tickets_30d,
        -- A rating is known once the ticket is resolved, so only tickets resolved before today count.
        SUM(CASE WHEN t.created_date >= DATEADD('day', -30, sd.d) AND t.resolved_at < sd.d AND t.satisfaction_score <= 2 THEN 1 ELSE 0 END)
            AS low_satisfaction_tickets_30d,
        SUM(CASE WHEN t.resolved_at IS NULL OR t.resolved_at >= sd.d THEN 1 ELSE 0 END) AS open_tickets
    FROM SFE_ANALYTICS_MEDIA.INT_SUPPORT_TICKETS AS t
    CROSS JOIN score_day AS sd
    WHERE t.created_date < sd.d
        AND t.created_date >= DATEADD('day', -90, sd.d)
    GROUP BY t.subscriber_id
),
downgrades AS (
    SELECT e.subscriber_id, COUNT(*) AS downgrades_90d
    FROM SFE_ANALYTICS_MEDIA.INT_SUBSCRIPTION_EVENTS AS e
    CROSS JOIN score_day AS sd
    WHERE e.event_type = 'downgrade'
        AND e.event_timestamp < sd.d
        AND e.event_timestamp >= DATEADD('day', -90, sd.d)
    GROUP BY e.subscriber_id
)
SELECT
    a.subscriber_id,
    sd.d AS score_date,
    CAST(COALESCE(r.engagement_sum_30d, 0) / LEAST(30, a.tenure_days) AS DECIMAL(5, 2)) AS engagement_score,
    CAST(COALESCE(r.engagement_sum_7d, 0) / LEAST(7, a.tenure_days) AS DECIMAL(5, 2)) AS engagement_score_7d,
    CAST(COALESCE(r.articles_viewed_30d, 0) AS INTEGER) AS articles_viewed_30d,
    CAST(COALESCE(r.articles_viewed_7d, 0) AS INTEGER) AS articles_viewed_7d,
    CAST(COALESCE(r.reading_days_30d, 0) AS INTEGER) AS reading_days_30d,
    CAST(COALESCE(DATEDIFF('day', r.last_read_date, sd.d), DATEDIFF('day', h.history_start, sd.d)) AS INTEGER) AS days_since_last_read,
    CAST(COALESCE(t.tickets_90d, 0) AS INTEGER) AS support_tickets_count,
    CAST(COALESCE(t.tickets_30d, 0) AS INTEGER) AS support_tickets_30d,
    CAST(COALESCE(t.billing_tickets_30d, 0) AS INTEGER) AS billing_tickets_30d,
    CAST(COALESCE(t.low_satisfaction_tickets_30d, 0) AS INTEGER) AS low_satisfaction_tickets_30d,
    CAST(COALESCE(t.open_tickets, 0) AS INTEGER) AS open_tickets_at_observation,
    CAST(COALESCE(g.downgrades_90d, 0) AS INTEGER) AS downgrades_90d,
    CAST(a.tenure_days AS INTEGER) AS subscription_tenure_days
FROM active AS a
CROSS JOIN score_day AS sd
CROSS JOIN history AS h
LEFT JOIN reading AS r ON r.subscriber_id = a.subscriber_id
LEFT JOIN tickets AS t ON t.subscriber_id = a.subscriber_id
LEFT JOIN downgrades AS g ON g.subscriber_id = a.subscriber_id;

-- The daily health scores, one day per score_date (the scoring task replaces its own day, the
-- earlier days stay), and one registry row per training run, deployed or refused (the same
-- columns as the local registry, local-ml/media/sql/churn_tables.sql).
CREATE TABLE IF NOT EXISTS SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES (
    subscriber_id VARCHAR,
    score_date DATE,
    churn_risk_score FLOAT,
    risk_tier VARCHAR,
    model_version VARCHAR,
    scored_at TIMESTAMP_NTZ
);

CREATE TABLE IF NOT EXISTS SFE_ANALYTICS_MEDIA.CHURN_MODEL_REGISTRY (
    model_version VARCHAR,
    trained_at TIMESTAMP_NTZ,
    backend VARCHAR,
    features VARCHAR,
    coefficients VARCHAR,
    metrics VARCHAR,
    deployed BOOLEAN,
    gate_reason VARCHAR,
    gate_verdict VARCHAR,
    heldout_auc FLOAT,
    heldout_auc_ci_low FLOAT,
    heldout_auc_ci_high FLOAT,
    baseline_auc FLOAT,
    auc_gain_over_baseline FLOAT,
    shuffled_auc_p95 FLOAT,
    shuffled_fits INTEGER,
    heldout_pr_auc FLOAT,
    heldout_brier FLOAT,
    threshold FLOAT,
    precision_at_threshold FLOAT,
    recall_at_threshold FLOAT,
    lift_top_10pct FLOAT,
    train_base_rate FLOAT,
    heldout_base_rate FLOAT,
    heldout_rows INTEGER
);
