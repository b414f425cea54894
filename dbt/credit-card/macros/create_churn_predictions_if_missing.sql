{#-
  GOLD.CHURN_PREDICTIONS is written by the churn model (sql/ml on Snowflake, local-ml locally).
  CUSTOMER_360_PROFILE left-joins it, so an empty table is created when it does not exist yet.
  Used as an on-run-start hook; one statement per hook on every adapter.
-#}
{% macro create_churn_predictions_if_missing() -%}
    create table if not exists {{ target.database }}.{{ generate_schema_name('gold', none) }}.CHURN_PREDICTIONS (
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
    )
{%- endmacro %}
