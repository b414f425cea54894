{#-
  Hooks around GOLD.FCT_TRANSACTIONS on DuckDB. Its four text columns have a few to 50,000
  distinct values in 11M rows, so DuckDB stores every one of them dictionary-compressed; trying
  FSST on each row group as well cost ~0.9 CPU s of the full-scale build and never won. The
  setting is put back after the model. Other adapters have no such setting: the hooks are empty,
  and dbt skips an empty hook.
-#}
{% macro skip_fsst_compression() -%}
{{ return(adapter.dispatch('skip_fsst_compression', 'customer_analytics_dbt')()) }}
{%- endmacro %}

{% macro default__skip_fsst_compression() -%}
{%- endmacro %}

{% macro duckdb__skip_fsst_compression() -%}
set disabled_compression_methods = 'fsst'
{%- endmacro %}

{% macro restore_fsst_compression() -%}
{{ return(adapter.dispatch('restore_fsst_compression', 'customer_analytics_dbt')()) }}
{%- endmacro %}

{% macro default__restore_fsst_compression() -%}
{%- endmacro %}

{% macro duckdb__restore_fsst_compression() -%}
reset disabled_compression_methods
{%- endmacro %}
