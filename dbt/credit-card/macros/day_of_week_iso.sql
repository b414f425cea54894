
{% macro day_of_week_iso(date_expr) -%}
    {#- ISO day of week (1 = Monday .. 7 = Sunday) without adapter-specific week settings:
        days since Monday 2000-01-03, modulo 7. -#}
    (({{ dbt.datediff("cast('2000-01-03' as date)", date_expr, 'day') }} % 7 + 7) % 7 + 1)
{%- endmacro %}
