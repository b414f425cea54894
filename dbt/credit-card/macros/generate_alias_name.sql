{#- Table names as Snowflake shows them: GOLD.DIM_CUSTOMER on every adapter. -#}
{% macro generate_alias_name(custom_alias_name, node) -%}
    {%- if custom_alias_name -%}
        {{ custom_alias_name | trim | upper }}
    {%- else -%}
        {{ node.name | upper }}
    {%- endif -%}
{%- endmacro %}
