{#- The seed's pre-aggregation row-count check: fails when the relation has fewer than min_rows rows. -#}
{% test row_count_at_least(model, min_rows) %}
select row_count
from (select count(*) as row_count from {{ model }}) as counted
where row_count < {{ min_rows }}
{% endtest %}
