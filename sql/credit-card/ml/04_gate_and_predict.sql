-- Churn model on Snowflake, step 4 of 4: the deployment gate and the at-risk list.
-- The same gate as local-ml (`gate` in local-ml/credit-card/model.yaml): publish GOLD.CHURN_PREDICTIONS only if
--   held-out AUC > 0.80, AND it beats the recency-only baseline by at least 0.03, AND the
--   shuffled-label control's 95th percentile AUC is below 0.65;
-- otherwise keep the previous predictions, record the refusal in the registry and fail the script.
-- The at-risk list holds the customers still active in the last 30 days (V_CHURN_SCORING), ranked
-- by probability; risk tiers from the score distribution as in local-ml: High = the top 5%,
-- Medium = the next 15%, Low = the rest. (Per-customer reasons - top_factor_1..3 - come from the
-- local model's coefficients; SNOWFLAKE.ML.CLASSIFICATION gives global importance only, stored in
-- the registry, so they are NULL here.)
USE DATABASE CUSTOMER_ANALYTICS;
USE SCHEMA GOLD;

CREATE TABLE IF NOT EXISTS GOLD.CHURN_MODEL_REGISTRY (
    model_version VARCHAR,
    trained_at TIMESTAMP,
    backend VARCHAR,
    features VARCHAR,
    coefficients VARCHAR,
    metrics VARCHAR,
    deployed BOOLEAN,
    gate_reason VARCHAR
);
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS gate_verdict VARCHAR;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS heldout_auc FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS heldout_auc_ci_low FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS heldout_auc_ci_high FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS baseline_auc FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS auc_gain_over_baseline FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS shuffled_auc_p95 FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS shuffled_fits INTEGER;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS heldout_pr_auc FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS heldout_brier FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS threshold FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS precision_at_threshold FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS recall_at_threshold FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS lift_top_10pct FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS train_base_rate FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS heldout_base_rate FLOAT;
ALTER TABLE GOLD.CHURN_MODEL_REGISTRY ADD COLUMN IF NOT EXISTS heldout_rows INTEGER;

EXECUTE IMMEDIATE $$
DECLARE
    min_auc FLOAT DEFAULT 0.80;
    min_gain FLOAT DEFAULT 0.03;
    max_shuffled_p95 FLOAT DEFAULT 0.65;
    auc FLOAT;
    auc_low FLOAT;
    auc_high FLOAT;
    baseline_auc FLOAT;
    shuffled_p95 FLOAT;
    shuffled_fits INTEGER;
    pr_auc FLOAT;
    brier FLOAT;
    precision_at_half FLOAT;
    recall_at_half FLOAT;
    lift_top_10pct FLOAT;
    train_base_rate FLOAT;
    heldout_base_rate FLOAT;
    heldout_rows INTEGER;
    passed BOOLEAN;
    reason VARCHAR;
    model_version VARCHAR;
    metrics VARCHAR;
    importance VARCHAR;
    gate_refused EXCEPTION (-20080, 'churn model refused by the gate; previous predictions kept (see GOLD.CHURN_MODEL_REGISTRY.gate_reason)');
BEGIN
    SELECT roc_auc, roc_auc_low, roc_auc_high, pr_auc, brier, precision_at_half, recall_at_half, lift_top_10pct, train_base_rate, base_rate, row_count
      INTO :auc, :auc_low, :auc_high, :pr_auc, :brier, :precision_at_half, :recall_at_half, :lift_top_10pct, :train_base_rate, :heldout_base_rate, :heldout_rows
      FROM GOLD.CHURN_HOLDOUT_EVALUATION WHERE scorer = 'model';
    SELECT roc_auc INTO :baseline_auc FROM GOLD.CHURN_HOLDOUT_EVALUATION WHERE scorer = 'recency';
    SELECT PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY roc_auc), COUNT(*) INTO :shuffled_p95, :shuffled_fits FROM GOLD.CHURN_SHUFFLED_CONTROL;

    passed := COALESCE(auc > min_auc AND auc - baseline_auc >= min_gain AND shuffled_fits >= 20 AND shuffled_p95 < max_shuffled_p95, FALSE);
    reason := CASE WHEN passed THEN 'deployed: ' ELSE 'not deployed: ' END
        || 'held-out AUC ' || COALESCE(TO_VARCHAR(auc, '0.000'), 'n/a') || ' (bar > 0.80); '
        || 'beats recency-only ' || COALESCE(TO_VARCHAR(baseline_auc, '0.000'), 'n/a') || ' by ' || COALESCE(TO_VARCHAR(auc - baseline_auc, '0.000'), 'n/a') || ' (bar >= 0.03); '
        || 'shuffled-label p95 ' || COALESCE(TO_VARCHAR(shuffled_p95, '0.000'), 'n/a') || ' over ' || COALESCE(TO_VARCHAR(shuffled_fits), '0') || ' fits (bar < 0.65)';

    CALL GOLD.CHURN_CLASSIFIER!SHOW_FEATURE_IMPORTANCE();
    SELECT TO_JSON(ARRAY_AGG(OBJECT_CONSTRUCT('feature', "FEATURE", 'score', "SCORE")) WITHIN GROUP (ORDER BY "RANK"))
      INTO :importance
      FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()));
    SELECT TO_JSON(OBJECT_CONSTRUCT(
               'evaluation', (SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) FROM GOLD.CHURN_HOLDOUT_EVALUATION),
               'shuffled', (SELECT ARRAY_AGG(roc_auc) WITHIN GROUP (ORDER BY roc_auc) FROM GOLD.CHURN_SHUFFLED_CONTROL)))
      INTO :metrics;

    -- The version names the model by what it learned and what it was judged on, not by the clock.
    model_version := 'sf-churn-' || SUBSTR(SHA2(importance || '|' || metrics), 1, 12);

    IF (passed) THEN
        CREATE OR REPLACE TABLE GOLD.CHURN_PREDICTIONS AS
        WITH scored AS (
            SELECT
                customer_id,
                days_silent,
                GOLD.CHURN_CLASSIFIER!PREDICT(INPUT_DATA => OBJECT_CONSTRUCT(*)):probability:"1"::FLOAT AS churn_probability
            FROM GOLD.V_CHURN_SCORING
        ),
        ranked AS (
            SELECT
                s.*,
                ROW_NUMBER() OVER (ORDER BY churn_probability DESC, customer_id) AS risk_rank,
                COUNT(*) OVER () AS scored_customers
            FROM scored AS s
        )
        SELECT
            customer_id,
            churn_probability,
            CASE
                WHEN risk_rank <= CEIL(0.05 * scored_customers) THEN 'High'
                WHEN risk_rank <= CEIL(0.20 * scored_customers) THEN 'Medium'
                ELSE 'Low'
            END AS risk_tier,
            risk_rank::INTEGER AS risk_rank,
            days_silent::INTEGER AS days_silent,
            NULL::VARCHAR AS top_factor_1,
            NULL::VARCHAR AS top_factor_2,
            NULL::VARCHAR AS top_factor_3,
            :model_version AS model_version,
            CURRENT_TIMESTAMP()::TIMESTAMP_NTZ AS scored_at
        FROM ranked
        ORDER BY risk_rank;
    END IF;

    INSERT INTO GOLD.CHURN_MODEL_REGISTRY (
        model_version, trained_at, backend, features, coefficients, metrics, deployed, gate_reason, gate_verdict,
        heldout_auc, heldout_auc_ci_low, heldout_auc_ci_high, baseline_auc, auc_gain_over_baseline, shuffled_auc_p95, shuffled_fits,
        heldout_pr_auc, heldout_brier, threshold, precision_at_threshold, recall_at_threshold, lift_top_10pct,
        train_base_rate, heldout_base_rate, heldout_rows)
    SELECT :model_version, CURRENT_TIMESTAMP()::TIMESTAMP_NTZ, 'snowflake', 'V_CHURN_TRAIN', :importance, :metrics, :passed, :reason,
           CASE WHEN :passed THEN 'deployed' ELSE 'refused' END,
           :auc, :auc_low, :auc_high, :baseline_auc, :auc - :baseline_auc, :shuffled_p95, :shuffled_fits,
           :pr_auc, :brier, 0.5, :precision_at_half, :recall_at_half, :lift_top_10pct,
           :train_base_rate, :heldout_base_rate, :heldout_rows;

    IF (NOT passed) THEN
        RAISE gate_refused;
    END IF;
    RETURN reason;
END;
$$;
