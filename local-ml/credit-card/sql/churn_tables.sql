-- The churn model's outputs. Created empty when missing so that downstream joins
-- (CUSTOMER_360_PROFILE's left join on CHURN_PREDICTIONS) work before the first model is deployed.
create schema if not exists GOLD;

-- The at-risk list: customers still active at the as-of date, ranked by churn probability.
create table if not exists GOLD.CHURN_PREDICTIONS (
    customer_id varchar,
    churn_probability double,
    risk_tier varchar,
    risk_rank integer,
    days_silent integer,
    top_factor_1 varchar,
    top_factor_2 varchar,
    top_factor_3 varchar,
    model_version varchar,
    scored_at timestamp
);

-- One row per training run, deployed or refused by the gate.
create table if not exists GOLD.CHURN_MODEL_REGISTRY (
    model_version varchar,
    trained_at timestamp,
    backend varchar,
    features varchar,
    coefficients varchar,
    metrics varchar,
    deployed boolean,
    gate_reason varchar
);

-- The gate's verdict and every number it looked at, as columns (a registry from before they
-- existed gets them added).
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists gate_verdict varchar;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists heldout_auc double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists heldout_auc_ci_low double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists heldout_auc_ci_high double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists baseline_auc double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists auc_gain_over_baseline double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists shuffled_auc_p95 double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists shuffled_fits integer;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists heldout_pr_auc double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists heldout_brier double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists threshold double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists precision_at_threshold double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists recall_at_threshold double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists lift_top_10pct double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists train_base_rate double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists heldout_base_rate double;
alter table GOLD.CHURN_MODEL_REGISTRY add column if not exists heldout_rows integer;
