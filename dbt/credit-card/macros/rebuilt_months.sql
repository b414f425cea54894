{#-
  The filter of a month-keyed incremental model (unique_key='transaction_month', delete+insert):
  an incremental run rebuilds the latest month it already holds and any later one, where new
  transactions land, and replaces those months whole. Earlier months are final; back-dated
  transactions need --full-refresh, which the pipeline always does. A full build keeps every row.
-#}
{% macro rebuilt_months(month_column='transaction_month') -%}
{%- if is_incremental() -%}
{{ month_column }} >= (select coalesce(max(transaction_month), cast('1900-01-01' as date)) from {{ this }})
{%- else -%}
1 = 1
{%- endif -%}
{%- endmacro %}
