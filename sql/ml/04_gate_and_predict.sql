-- Churn model on Snowflake, step 4 of 4: the deployment gate and the predictions.
-- Publish GOLD.CHURN_PREDICTIONS only if the held-out ROC AUC (step 3) is above 0.80; otherwise
-- keep the previous predictions, record the refusal in the registry and fail the script.
-- Risk tiers as in local-ml: High >= 0.50, Medium >= 0.20, Low below.
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

EXECUTE IMMEDIATE $$
DECLARE
    min_auc FLOAT DEFAULT 0.80;
    auc FLOAT;
    model_version VARCHAR;
    metrics VARCHAR;
    importance VARCHAR;
    gate_refused EXCEPTION (-20080, 'churn model refused by the gate: held-out AUC is not above 0.80; previous predictions kept');
BEGIN
    SELECT roc_auc, TO_JSON(OBJECT_CONSTRUCT('auc', roc_auc, 'positives', positives, 'negatives', negatives, 'baseRate', base_rate))
      INTO :auc, :metrics
      FROM GOLD.CHURN_HOLDOUT_EVALUATION;

    CALL GOLD.CHURN_CLASSIFIER!SHOW_FEATURE_IMPORTANCE();
    SELECT TO_JSON(ARRAY_AGG(OBJECT_CONSTRUCT('feature', "FEATURE", 'score', "SCORE")) WITHIN GROUP (ORDER BY "RANK"))
      INTO :importance
      FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()));

    -- The version names the model by what it learned and what it was judged on, not by the clock.
    model_version := 'sf-churn-' || SUBSTR(SHA2(importance || '|' || metrics), 1, 12);

    IF (auc IS NULL OR auc <= min_auc) THEN
        INSERT INTO GOLD.CHURN_MODEL_REGISTRY
            SELECT :model_version, CURRENT_TIMESTAMP()::TIMESTAMP_NTZ, 'snowflake', 'V_CHURN_TRAIN', :importance, :metrics, FALSE,
                   'held-out AUC ' || COALESCE(TO_VARCHAR(:auc, '0.000'), 'n/a') || ' is not above 0.80: predictions not published';
        RAISE gate_refused;
    END IF;

    CREATE OR REPLACE TABLE GOLD.CHURN_PREDICTIONS AS
    WITH scored AS (
        SELECT
            customer_id,
            GOLD.CHURN_CLASSIFIER!PREDICT(INPUT_DATA => OBJECT_CONSTRUCT(*)):probability:"1"::FLOAT AS churn_probability
        FROM GOLD.V_CHURN_SCORING
    )
    SELECT
        customer_id,
        churn_probability,
        CASE
            WHEN churn_probability >= 0.50 THEN 'High'
            WHEN churn_probability >= 0.20 THEN 'Medium'
            ELSE 'Low'
        END AS risk_tier,
        :model_version AS model_version,
        CURRENT_TIMESTAMP()::TIMESTAMP_NTZ AS scored_at
    FROM scored;

    INSERT INTO GOLD.CHURN_MODEL_REGISTRY
        SELECT :model_version, CURRENT_TIMESTAMP()::TIMESTAMP_NTZ, 'snowflake', 'V_CHURN_TRAIN', :importance, :metrics, TRUE,
               'held-out AUC ' || TO_VARCHAR(:auc, '0.000') || ' > 0.80: deployed';

    RETURN 'deployed ' || model_version || ' (held-out AUC ' || TO_VARCHAR(auc, '0.000') || ')';
END;
$$;
