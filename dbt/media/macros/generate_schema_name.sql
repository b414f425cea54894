{#- Models and seeds go to exactly SFE_ANALYTICS_MEDIA (upper-case), not "<target schema>_<schema>" as dbt does by default. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | upper }}
    {%- else -%}
        {{ custom_schema_name | trim | upper }}
    {%- endif -%}
{%- endmacro %}
