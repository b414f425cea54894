{#- The analytics layer's "today" as a SQL date: var('as_of_date'), the generation's as-of date.
    Everything after it (a live feed's new events) waits for the next refresh with a later date. -#}
{% macro as_of_date() -%}
    cast('{{ var("as_of_date") }}' as date)
{%- endmacro %}

{#- The first moment after the as-of day: events strictly before it are "up to the as-of date". -#}
{% macro end_of_as_of_date() -%}
    {{ dbt.dateadd('day', 1, as_of_date()) }}
{%- endmacro %}
