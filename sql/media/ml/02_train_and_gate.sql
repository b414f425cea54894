-- Media churn model on Snowflake, step 2 of 2: SFE_ANALYTICS_MEDIA.SFE_TRAIN_CHURN_CLASSIFIER(),
-- called weekly by sfe_weekly_churn_training_task (sql/media/orchestration/pipeline_tasks.sql).
--  1. trains a candidate SNOWFLAKE.ML.CLASSIFICATION on V_CHURN_TRAIN (target CHURNED) and the
--     recency-only baseline (days_since_last_read alone, the same rows);
--  2. both score every held-out row (V_CHURN_HOLDOUT); ROC AUC as the Mann-Whitney statistic
--     (ties count one half) with a 95% interval from 200 Poisson-bootstrap replicates over
--     subscribers (a subscriber's rows share a weight: they are not independent);
--  3. the shuffled-label control: 20 classifiers trained on the training rows with their labels
--     permuted (a hash order per fit), each scored on the real held-out labels;
--  4. the same gate as local-ml (`gate` in local-ml/media/model.yaml): deploy only if held-out
--     AUC > 0.80, AND it beats recency by at least 0.03, AND it is above every shuffled-label
--     fit's AUC (a permutation test, p < 1/(fits + 1); docs/churn.md, "The gate"). A
--     deployed candidate becomes SFE_CHURN_CLASSIFIER, the model the daily scoring task calls;
--     a refused one is dropped and SFE_CHURN_CLASSIFIER stays as it was. Either way the run is a
--     row of CHURN_MODEL_REGISTRY and the procedure returns the gate's reason (a refusal is an
--     outcome, not an error: the daily scores keep coming from the last deployed model).
-- Run after 01_churn_training_views.sql.
USE ROLE C360_ENGINEER;
USE WAREHOUSE COMPUTE_WH;
USE DATABASE CUSTOMER_ANALYTICS;
USE SCHEMA SFE_ANALYTICS_MEDIA;

CREATE OR REPLACE PROCEDURE SFE_ANALYTICS_MEDIA.SFE_TRAIN_CHURN_CLASSIFIER()
RETURNS VARCHAR
LANGUAGE SQL
AS
$$
DECLARE
    min_auc FLOAT DEFAULT 0.80;
    min_gain FLOAT DEFAULT 0.03;
    fits INTEGER DEFAULT 20;
    auc FLOAT;
    auc_low FLOAT;
    auc_high FLOAT;
    baseline_auc FLOAT;
    shuffled_p95 FLOAT;
    shuffled_max FLOAT;
    shuffled_fits INTEGER;
    train_base_rate FLOAT;
    heldout_base_rate FLOAT;
    heldout_rows INTEGER;
    passed BOOLEAN;
    reason VARCHAR;
    model_version VARCHAR;
    metrics VARCHAR;
    importance VARCHAR;
BEGIN
    -- 1. The candidate and the baseline.
    CREATE OR REPLACE SNOWFLAKE.ML.CLASSIFICATION SFE_ANALYTICS_MEDIA.SFE_CHURN_CLASSIFIER_CANDIDATE(
        INPUT_DATA => SYSTEM$REFERENCE('VIEW', 'CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.V_CHURN_TRAIN'),
        TARGET_COLNAME => 'CHURNED',
        CONFIG_OBJECT => {'evaluate': TRUE, 'on_error': 'ABORT'}
    );
    CREATE OR REPLACE VIEW SFE_ANALYTICS_MEDIA.V_CHURN_TRAIN_RECENCY AS
        SELECT days_since_last_read, churned FROM SFE_ANALYTICS_MEDIA.V_CHURN_TRAIN;
    CREATE OR REPLACE SNOWFLAKE.ML.CLASSIFICATION SFE_ANALYTICS_MEDIA.SFE_CHURN_RECENCY_BASELINE(
        INPUT_DATA => SYSTEM$REFERENCE('VIEW', 'CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.V_CHURN_TRAIN_RECENCY'),
        TARGET_COLNAME => 'CHURNED',
        CONFIG_OBJECT => {'evaluate': FALSE, 'on_error': 'ABORT'}
    );

    -- 2. Every held-out row, both scorers; AUC per bootstrap replicate (0 = the data as it is).
    CREATE OR REPLACE TABLE SFE_ANALYTICS_MEDIA.CHURN_HOLDOUT_SCORES AS
    SELECT
        h.subscriber_id,
        h.observation_date,
        h.churned,
        SFE_ANALYTICS_MEDIA.SFE_CHURN_CLASSIFIER_CANDIDATE!PREDICT(INPUT_DATA => OBJECT_CONSTRUCT(*)):probability:"1"::FLOAT AS churn_probability,
        SFE_ANALYTICS_MEDIA.SFE_CHURN_RECENCY_BASELINE!PREDICT(
            INPUT_DATA => OBJECT_CONSTRUCT('DAYS_SINCE_LAST_READ', h.days_since_last_read)):probability:"1"::FLOAT AS baseline_probability
    FROM SFE_ANALYTICS_MEDIA.V_CHURN_HOLDOUT AS h;

    CREATE OR REPLACE TABLE SFE_ANALYTICS_MEDIA.CHURN_HOLDOUT_AUC AS
    WITH replicates AS (
        SELECT SEQ4() AS replicate FROM TABLE(GENERATOR(ROWCOUNT => 201))
    ),
    weighted AS (
        SELECT
            s.scorer,
            r.replicate,
            s.score,
            s.churned,
            CASE
                WHEN r.replicate = 0 THEN 1
                -- Poisson(1) from a hash of (subscriber, replicate): the inverse of its CDF.
                WHEN (ABS(HASH(s.subscriber_id, r.replicate)) % 1000000) / 1000000.0 < 0.367879 THEN 0
                WHEN (ABS(HASH(s.subscriber_id, r.replicate)) % 1000000) / 1000000.0 < 0.735759 THEN 1
                WHEN (ABS(HASH(s.subscriber_id, r.replicate)) % 1000000) / 1000000.0 < 0.919699 THEN 2
                WHEN (ABS(HASH(s.subscriber_id, r.replicate)) % 1000000) / 1000000.0 < 0.981012 THEN 3
                WHEN (ABS(HASH(s.subscriber_id, r.replicate)) % 1000000) / 1000000.0 < 0.996340 THEN 4
                ELSE 5
            END AS weight
        FROM (
            SELECT subscriber_id, churned, 'model' AS scorer, churn_probability AS score FROM SFE_ANALYTICS_MEDIA.CHURN_HOLDOUT_SCORES
            UNION ALL
            SELECT subscriber_id, churned, 'recency', baseline_probability FROM SFE_ANALYTICS_MEDIA.CHURN_HOLDOUT_SCORES
        ) AS s
        CROSS JOIN replicates AS r
    ),
    ranked AS (
        SELECT
            scorer, replicate, churned, weight,
            SUM(CASE WHEN churned = 0 THEN weight ELSE 0 END)
                OVER (PARTITION BY scorer, replicate ORDER BY score RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS negatives_at_or_below,
            SUM(CASE WHEN churned = 0 THEN weight ELSE 0 END) OVER (PARTITION BY scorer, replicate, score) AS negatives_tied
        FROM weighted
    )
    SELECT
        scorer,
        replicate,
        SUM(CASE WHEN churned = 1 THEN weight * (negatives_at_or_below - negatives_tied / 2.0) ELSE 0 END)
            / NULLIF(SUM(CASE WHEN churned = 1 THEN weight ELSE 0 END) * SUM(CASE WHEN churned = 0 THEN weight ELSE 0 END), 0) AS roc_auc
    FROM ranked
    GROUP BY scorer, replicate;

    SELECT MAX(CASE WHEN replicate = 0 THEN roc_auc END),
           PERCENTILE_CONT(0.025) WITHIN GROUP (ORDER BY CASE WHEN replicate > 0 THEN roc_auc END),
           PERCENTILE_CONT(0.975) WITHIN GROUP (ORDER BY CASE WHEN replicate > 0 THEN roc_auc END)
      INTO :auc, :auc_low, :auc_high
      FROM SFE_ANALYTICS_MEDIA.CHURN_HOLDOUT_AUC WHERE scorer = 'model';
    SELECT roc_auc INTO :baseline_auc FROM SFE_ANALYTICS_MEDIA.CHURN_HOLDOUT_AUC WHERE scorer = 'recency' AND replicate = 0;
    SELECT AVG(churned), COUNT(*) INTO :heldout_base_rate, :heldout_rows FROM SFE_ANALYTICS_MEDIA.CHURN_HOLDOUT_SCORES;
    SELECT AVG(churned) INTO :train_base_rate FROM SFE_ANALYTICS_MEDIA.V_CHURN_TRAIN;

    -- 3. The shuffled-label control.
    CREATE OR REPLACE TABLE SFE_ANALYTICS_MEDIA.CHURN_SHUFFLED_CONTROL (fit INTEGER, roc_auc FLOAT);
    FOR fit IN 1 TO fits DO
        -- The label of the row at position k (by subscriber and date) goes to the row at position k
        -- of a hash order that changes with the fit.
        CREATE OR REPLACE TABLE SFE_ANALYTICS_MEDIA.CHURN_TRAIN_SHUFFLED AS
        WITH positioned AS (
            SELECT
                t.*,
                ROW_NUMBER() OVER (ORDER BY t.subscriber_id, t.observation_date) AS row_position,
                ROW_NUMBER() OVER (ORDER BY HASH(t.subscriber_id, t.observation_date, :fit), t.subscriber_id, t.observation_date) AS label_position
            FROM SFE_ANALYTICS_MEDIA.V_CHURN_TRAIN_ROWS AS t
        )
        SELECT r.* EXCLUDE (subscriber_id, observation_date, row_position, label_position, churned), l.churned
        FROM positioned AS r
        JOIN positioned AS l ON l.row_position = r.label_position;

        CREATE OR REPLACE SNOWFLAKE.ML.CLASSIFICATION SFE_ANALYTICS_MEDIA.SFE_CHURN_SHUFFLED_CLASSIFIER(
            INPUT_DATA => SYSTEM$REFERENCE('TABLE', 'CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.CHURN_TRAIN_SHUFFLED'),
            TARGET_COLNAME => 'CHURNED',
            CONFIG_OBJECT => {'evaluate': FALSE, 'on_error': 'ABORT'}
        );

        INSERT INTO SFE_ANALYTICS_MEDIA.CHURN_SHUFFLED_CONTROL
        WITH scored AS (
            SELECT
                h.churned,
                SFE_ANALYTICS_MEDIA.SFE_CHURN_SHUFFLED_CLASSIFIER!PREDICT(INPUT_DATA => OBJECT_CONSTRUCT(*)):probability:"1"::FLOAT AS score
            FROM SFE_ANALYTICS_MEDIA.V_CHURN_HOLDOUT AS h
        ),
        ranked AS (
            SELECT
                churned,
                COUNT_IF(churned = 0) OVER (ORDER BY score RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS negatives_at_or_below,
                COUNT_IF(churned = 0) OVER (PARTITION BY score) AS negatives_tied
            FROM scored
        )
        SELECT
            :fit,
            SUM(CASE WHEN churned = 1 THEN negatives_at_or_below - negatives_tied / 2.0 ELSE 0 END)
                / NULLIF(COUNT_IF(churned = 1) * COUNT_IF(churned = 0), 0)
        FROM ranked;
    END FOR;
    DROP SNOWFLAKE.ML.CLASSIFICATION IF EXISTS SFE_ANALYTICS_MEDIA.SFE_CHURN_SHUFFLED_CLASSIFIER;
    SELECT PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY roc_auc), MAX(roc_auc), COUNT(*) INTO :shuffled_p95, :shuffled_max, :shuffled_fits
      FROM SFE_ANALYTICS_MEDIA.CHURN_SHUFFLED_CONTROL;

    -- 4. The gate.
    passed := COALESCE(auc > min_auc AND auc - baseline_auc >= min_gain AND shuffled_fits >= 20 AND auc > shuffled_max, FALSE);
    reason := CASE WHEN passed THEN 'deployed: ' ELSE 'not deployed: ' END
        || 'held-out AUC ' || COALESCE(TO_VARCHAR(auc, '0.000'), 'n/a') || ' (bar > 0.80); '
        || 'beats recency-only ' || COALESCE(TO_VARCHAR(baseline_auc, '0.000'), 'n/a') || ' by ' || COALESCE(TO_VARCHAR(auc - baseline_auc, '0.000'), 'n/a') || ' (bar >= 0.03); '
        || 'best of ' || COALESCE(TO_VARCHAR(shuffled_fits), '0') || ' shuffled-label fits ' || COALESCE(TO_VARCHAR(shuffled_max, '0.000'), 'n/a') || ' (bar: below the held-out AUC, at least 20 fits)';

    CALL SFE_ANALYTICS_MEDIA.SFE_CHURN_CLASSIFIER_CANDIDATE!SHOW_FEATURE_IMPORTANCE();
    SELECT TO_JSON(ARRAY_AGG(OBJECT_CONSTRUCT('feature', "FEATURE", 'score', "SCORE")) WITHIN GROUP (ORDER BY "RANK"))
      INTO :importance
      FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()));
    SELECT TO_JSON(OBJECT_CONSTRUCT(
               'auc', (SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) FROM SFE_ANALYTICS_MEDIA.CHURN_HOLDOUT_AUC WHERE replicate = 0),
               'shuffled', (SELECT ARRAY_AGG(roc_auc) WITHIN GROUP (ORDER BY roc_auc) FROM SFE_ANALYTICS_MEDIA.CHURN_SHUFFLED_CONTROL),
               -- The gate's checks in the shape local-ml stores them (the model scene reads them).
               'gate', OBJECT_CONSTRUCT('checks', ARRAY_CONSTRUCT(
                   OBJECT_CONSTRUCT('name', 'held-out AUC', 'value', :auc, 'bar', '> ' || TO_VARCHAR(:min_auc, '0.00'), 'passed', COALESCE(:auc > :min_auc, FALSE)),
                   OBJECT_CONSTRUCT('name', 'gain over recency baseline', 'value', :auc - :baseline_auc, 'bar', '>= ' || TO_VARCHAR(:min_gain, '0.00'),
                                    'passed', COALESCE(:auc - :baseline_auc >= :min_gain, FALSE)),
                   OBJECT_CONSTRUCT('name', 'above every shuffled-label fit', 'value', :shuffled_max,
                                    'bar', '< ' || TO_VARCHAR(:auc, '0.000') || ', the model''s AUC',
                                    'passed', COALESCE(:shuffled_fits >= 20 AND :auc > :shuffled_max, FALSE))))))
      INTO :metrics;
    -- The version names the model by what it learned and what it was judged on, not by the clock.
    model_version := 'sf-churn-' || SUBSTR(SHA2(importance || '|' || metrics), 1, 12);

    IF (passed) THEN
        -- Models cannot be replaced in place: the old one goes, the candidate takes its name.
        DROP SNOWFLAKE.ML.CLASSIFICATION IF EXISTS SFE_ANALYTICS_MEDIA.SFE_CHURN_CLASSIFIER;
        ALTER SNOWFLAKE.ML.CLASSIFICATION SFE_ANALYTICS_MEDIA.SFE_CHURN_CLASSIFIER_CANDIDATE RENAME TO 'SFE_CHURN_CLASSIFIER';
    ELSE
        DROP SNOWFLAKE.ML.CLASSIFICATION IF EXISTS SFE_ANALYTICS_MEDIA.SFE_CHURN_CLASSIFIER_CANDIDATE;
    END IF;

    INSERT INTO SFE_ANALYTICS_MEDIA.CHURN_MODEL_REGISTRY (
        model_version, trained_at, backend, features, coefficients, metrics, deployed, gate_reason, gate_verdict,
        heldout_auc, heldout_auc_ci_low, heldout_auc_ci_high, baseline_auc, auc_gain_over_baseline, shuffled_auc_p95, shuffled_fits,
        train_base_rate, heldout_base_rate, heldout_rows)
    SELECT :model_version, CURRENT_TIMESTAMP()::TIMESTAMP_NTZ, 'snowflake', 'V_CHURN_TRAIN', :importance, :metrics, :passed, :reason,
           CASE WHEN :passed THEN 'deployed' ELSE 'refused' END,
           :auc, :auc_low, :auc_high, :baseline_auc, :auc - :baseline_auc, :shuffled_p95, :shuffled_fits,
           :train_base_rate, :heldout_base_rate, :heldout_rows;
    RETURN reason;
END;
$$;
