-- The model the scores come from (and the latest one trained): version, gate verdict and held-out figures
SELECT model_version, trained_at, deployed, gate_verdict, gate_reason, heldout_auc, heldout_auc_ci_low, heldout_auc_ci_high,
       baseline_auc, shuffled_auc_p95, shuffled_fits, heldout_rows, coefficients, metrics
FROM SFE_ANALYTICS_MEDIA.CHURN_MODEL_REGISTRY
ORDER BY deployed DESC, trained_at DESC
LIMIT 1;
