{#- Table names as Snowflake shows them: SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS on every adapter. -#}
{% macro generate_alias_name(custom_alias_name, node) -%}
    {%- if custom_alias_name -%}
        {{ custom_alias_name | trim | upper }}
    {%- else -%}
        {{ node.name | upper }}
    {%- endif -%}
{%- endmacro %}
