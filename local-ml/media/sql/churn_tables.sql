-- The media churn model's outputs, created empty when missing: the daily health scores (one day of
-- scores per score_date, history kept) and one registry row per training run, deployed or refused.
create schema if not exists SFE_ANALYTICS_MEDIA;

create table if not exists SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES (
    subscriber_id varchar,
    score_date date,
    churn_risk_score double,
    risk_tier varchar,
    model_version varchar,
    scored_at timestamp
);

create table if not exists SFE_ANALYTICS_MEDIA.CHURN_MODEL_REGISTRY (
    model_version varchar,
    trained_at timestamp,
    backend varchar,
    features varchar,
    coefficients varchar,
    metrics varchar,
    deployed boolean,
    gate_reason varchar,
    gate_verdict varchar,
    heldout_auc double,
    heldout_auc_ci_low double,
    heldout_auc_ci_high double,
    baseline_auc double,
    auc_gain_over_baseline double,
    shuffled_auc_p95 double,
    shuffled_fits integer,
    heldout_pr_auc double,
    heldout_brier double,
    threshold double,
    precision_at_threshold double,
    recall_at_threshold double,
    lift_top_10pct double,
    train_base_rate double,
    heldout_base_rate double,
    heldout_rows integer
);
