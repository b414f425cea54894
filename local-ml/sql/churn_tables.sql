-- The churn model's outputs. Created empty when missing so that downstream joins
-- (CUSTOMER_360_PROFILE's left join on CHURN_PREDICTIONS) work before the first model is deployed.
create schema if not exists GOLD;

create table if not exists GOLD.CHURN_PREDICTIONS (
    customer_id varchar,
    churn_probability double,
    risk_tier varchar,
    model_version varchar,
    scored_at timestamp
);

-- One row per training run, deployed or refused by the AUC gate.
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
