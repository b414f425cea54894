-- The media Streamlit app's queries (streamlit_app.py runs them by name). Each starts with a
-- `-- name: <query>` line. They read CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA (built by the media
-- pipeline and its churn model), with the logic of the presenter's scenes/media/sql/, and stay in
-- the SQL that Snowflake and DuckDB share: the app runs on Snowflake and test/streamlit/ runs it
-- against the local DuckDB warehouse. A `?` is bound by the app (the subscriber id prefix).
-- Decimals are cast to DOUBLE so both return plain floats.

-- name: sub360_profile
WITH latest AS (
    SELECT subscriber_id, churn_risk_score, risk_tier, score_date
    FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES
    WHERE score_date = (SELECT MAX(score_date) FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES)
),
chosen AS (
    SELECT d.*, l.churn_risk_score, l.risk_tier, l.score_date
    FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS d
    LEFT JOIN latest AS l ON l.subscriber_id = d.subscriber_id
    WHERE d.subscriber_id LIKE ? || '%'
    ORDER BY l.churn_risk_score DESC NULLS LAST, d.subscriber_id
    LIMIT 1
),
reading AS (
    SELECT e.subscriber_id, SUM(e.articles_viewed) AS articles_30d, AVG(e.engagement_score) AS engagement_30d, COUNT(*) AS reading_days_30d
    FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY AS e
    JOIN chosen AS c ON c.subscriber_id = e.subscriber_id
    WHERE e.activity_date > c.as_of_date - 30
    GROUP BY e.subscriber_id
),
tickets AS (
    SELECT t.subscriber_id, COUNT(*) AS tickets_90d
    FROM CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS AS t
    JOIN chosen AS c ON c.subscriber_id = t.subscriber_id
    WHERE CAST(t.created_at AS DATE) > c.as_of_date - 90
    GROUP BY t.subscriber_id
)
SELECT
    c.subscriber_id, c.plan, c.subscription_status, c.signup_date, c.tenure_days, c.cancel_date,
    CAST(c.lifetime_value AS DOUBLE)                AS lifetime_value,
    c.demographic_segment, c.as_of_date,
    COALESCE(r.articles_30d, 0)                     AS articles_30d,
    CAST(COALESCE(r.engagement_30d, 0) AS DOUBLE)   AS engagement_30d,
    COALESCE(r.reading_days_30d, 0)                 AS reading_days_30d,
    COALESCE(t.tickets_90d, 0)                      AS tickets_90d,
    CAST(c.churn_risk_score AS DOUBLE)              AS churn_risk_score,
    c.risk_tier, c.score_date
FROM chosen AS c
LEFT JOIN reading AS r ON r.subscriber_id = c.subscriber_id
LEFT JOIN tickets AS t ON t.subscriber_id = c.subscriber_id;

-- name: sub360_weekly
SELECT DATE_TRUNC('week', activity_date) AS week, SUM(articles_viewed) AS articles, CAST(AVG(engagement_score) AS DOUBLE) AS engagement
FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY
WHERE subscriber_id = ?
GROUP BY 1
ORDER BY 1;

-- name: sub360_tickets
SELECT created_at, category, priority, status, satisfaction_score
FROM CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS
WHERE subscriber_id = ?
ORDER BY created_at DESC
LIMIT 50;

-- name: churn_tiers
SELECT h.risk_tier, COUNT(*) AS subscribers, CAST(MIN(h.churn_risk_score) AS DOUBLE) AS min_score, MAX(h.score_date) AS score_date
FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES AS h
JOIN CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS d ON d.subscriber_id = h.subscriber_id
WHERE h.score_date = (SELECT MAX(score_date) FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES)
  AND d.subscription_status = 'active'
GROUP BY h.risk_tier
ORDER BY CASE h.risk_tier WHEN 'High' THEN 1 WHEN 'Medium' THEN 2 ELSE 3 END;

-- name: churn_leaderboard
-- The 100 riskiest active subscribers of each tier on the latest score date, with the features of
-- their latest weekly observation (the app turns them into the why with the model's coefficients).
WITH board AS (
    SELECT h.subscriber_id, CAST(h.churn_risk_score AS DOUBLE) AS churn_risk_score, h.risk_tier, h.score_date, h.model_version,
           d.plan, d.tenure_days, CAST(d.lifetime_value AS DOUBLE) AS lifetime_value
    FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES AS h
    JOIN CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS d ON d.subscriber_id = h.subscriber_id
    WHERE h.score_date = (SELECT MAX(score_date) FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES)
      AND d.subscription_status = 'active'
    QUALIFY ROW_NUMBER() OVER (PARTITION BY h.risk_tier ORDER BY h.churn_risk_score DESC, h.subscriber_id) <= 100
),
features AS (
    SELECT f.*
    FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.FCT_CHURN_TRAINING AS f
    JOIN board AS b ON b.subscriber_id = f.subscriber_id AND f.observation_date <= b.score_date
    QUALIFY ROW_NUMBER() OVER (PARTITION BY f.subscriber_id ORDER BY f.observation_date DESC) = 1
)
SELECT f.*, b.subscriber_id AS board_subscriber_id, b.plan, b.tenure_days, b.lifetime_value, b.churn_risk_score, b.risk_tier, b.score_date, b.model_version
FROM board AS b
LEFT JOIN features AS f ON f.subscriber_id = b.subscriber_id
ORDER BY b.churn_risk_score DESC, b.subscriber_id;

-- name: churn_model
SELECT model_version, trained_at, deployed, gate_verdict, gate_reason,
       CAST(heldout_auc AS DOUBLE) AS heldout_auc, CAST(heldout_auc_ci_low AS DOUBLE) AS heldout_auc_ci_low,
       CAST(heldout_auc_ci_high AS DOUBLE) AS heldout_auc_ci_high, CAST(baseline_auc AS DOUBLE) AS baseline_auc,
       CAST(shuffled_auc_p95 AS DOUBLE) AS shuffled_auc_p95, shuffled_fits, heldout_rows, coefficients, metrics
FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.CHURN_MODEL_REGISTRY
ORDER BY deployed DESC, trained_at DESC
LIMIT 1;

-- name: engagement_weekly
SELECT DATE_TRUNC('week', activity_date)           AS week,
       COUNT(DISTINCT subscriber_id)                AS readers,
       SUM(articles_viewed)                         AS articles,
       CAST(SUM(total_time_spent) / 3600.0 AS DOUBLE) AS hours_read,
       CAST(AVG(engagement_score) AS DOUBLE)        AS avg_engagement,
       COUNT(DISTINCT activity_date)                AS days
FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY
GROUP BY 1
ORDER BY 1;

-- name: engagement_segments
WITH window_rows AS (
    SELECT e.*
    FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY AS e
    WHERE e.activity_date > (SELECT MAX(activity_date) FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY) - 30
)
SELECT d.demographic_segment                                                    AS segment,
       COUNT(DISTINCT d.subscriber_id)                                          AS subscribers,
       COUNT(DISTINCT w.subscriber_id)                                          AS readers,
       CAST(COALESCE(SUM(w.articles_viewed), 0) * 1.0 / COUNT(DISTINCT d.subscriber_id) AS DOUBLE) AS articles_per_subscriber,
       CAST(AVG(w.engagement_score) AS DOUBLE)                                  AS avg_engagement
FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS d
LEFT JOIN window_rows AS w ON w.subscriber_id = d.subscriber_id
WHERE d.subscription_status = 'active'
GROUP BY d.demographic_segment
ORDER BY articles_per_subscriber DESC, segment;

-- name: cohort_retention
-- Subscribers grouped by signup month, and how many were still subscribed at the end of each month
-- after it (the last one up to the as-of date); only cohorts that signed up inside the history.
WITH bounds AS (
    SELECT MIN(activity_date) AS history_start, MAX(as_of) AS as_of
    FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY
    CROSS JOIN (SELECT MAX(as_of_date) AS as_of FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS) AS a
),
cohorts AS (
    SELECT d.subscriber_id, CAST(DATE_TRUNC('month', d.signup_date) AS DATE) AS cohort, d.cancel_date
    FROM CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS d
    CROSS JOIN bounds AS b
    WHERE d.signup_date >= b.history_start
),
periods AS (
    SELECT period, LEAD(period) OVER (ORDER BY period) AS next_period
    FROM (SELECT DISTINCT cohort AS period FROM cohorts) AS p
)
SELECT c.cohort,
       DATEDIFF('month', c.cohort, p.period) AS months_after,
       COUNT(*) AS signed_up,
       SUM(CASE WHEN c.cancel_date IS NULL OR c.cancel_date > LEAST(COALESCE(p.next_period - 1, b.as_of), b.as_of) THEN 1 ELSE 0 END) AS still_subscribed
FROM cohorts AS c
JOIN periods AS p ON p.period >= c.cohort
CROSS JOIN bounds AS b
GROUP BY c.cohort, p.period
ORDER BY c.cohort, months_after;
