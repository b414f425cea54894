{#- Hooks run before dbt creates the model schemas, so the hook that needs GOLD creates it. -#}
{% macro create_gold_schema() -%}
    create schema if not exists {{ target.database }}.{{ generate_schema_name('gold', none) }}
{%- endmacro %}
