{#-
  The type of a transaction's time. The bronze times are whole seconds, so DuckDB stores them as
  TIMESTAMP_S: the same values in a third less space than microsecond TIMESTAMP (about 24 MB of
  GOLD.FCT_TRANSACTIONS at full scale). Other adapters keep their plain timestamp.
-#}
{% macro transaction_timestamp_type() -%}
{{ return(adapter.dispatch('transaction_timestamp_type', 'customer_analytics_dbt')()) }}
{%- endmacro %}

{% macro default__transaction_timestamp_type() -%}
timestamp
{%- endmacro %}

{% macro duckdb__transaction_timestamp_type() -%}
timestamp_s
{%- endmacro %}
