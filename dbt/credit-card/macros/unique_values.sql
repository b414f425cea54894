{#- The two ways of tests/generic/unique.sql: dbt's grouping, and sorting on DuckDB. -#}
{% macro default__unique_values(model, column_name) %}
select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{% endmacro %}

{% macro duckdb__unique_values(model, column_name) %}
select
    unique_field,
    count(*) + 1 as n_records
from (
    select
        {{ column_name }} as unique_field,
        lag({{ column_name }}) over (order by {{ column_name }}) as previous_value
    from {{ model }}
    where {{ column_name }} is not null
) as ordered
where unique_field = previous_value
group by unique_field
{% endmacro %}
