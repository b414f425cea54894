{#-
  Session settings around GOLD.FCT_TRANSACTIONS on DuckDB, put back after the model. Other
  adapters have no such settings: the hooks are empty, and dbt skips an empty hook.
  - perfect_ht_threshold = 24: finding the duplicated ids groups all 11M transaction ids. Their
    range fits in 24 bits, so DuckDB counts them in an array indexed by the id instead of a hash
    table (that step: 2.4 -> 0.1 CPU s at full scale). The array is freed before the rows are
    written, so the build's peak memory does not grow. Only here: every GROUP BY on an integer
    with a range under 2^24 would use such an array, sized by the range, not by the rows.
  - disabled_compression_methods = 'fsst': in a warehouse file from before DuckDB 1.5's storage
    format, trying FSST on each row group of the four text columns cost ~0.9 CPU s and never won
    over a dictionary. The newer format does not use plain FSST at all.
-#}
{% macro fact_table_settings() -%}
{{ return(adapter.dispatch('fact_table_settings', 'customer_analytics_dbt')()) }}
{%- endmacro %}

{% macro default__fact_table_settings() -%}
{%- endmacro %}

{% macro duckdb__fact_table_settings() -%}
set perfect_ht_threshold = 24; set disabled_compression_methods = 'fsst'
{%- endmacro %}

{% macro reset_fact_table_settings() -%}
{{ return(adapter.dispatch('reset_fact_table_settings', 'customer_analytics_dbt')()) }}
{%- endmacro %}

{% macro default__reset_fact_table_settings() -%}
{%- endmacro %}

{% macro duckdb__reset_fact_table_settings() -%}
reset perfect_ht_threshold; reset disabled_compression_methods
{%- endmacro %}
