{#- The seed's pre-aggregation "null percentage" check: fails when more than max_share of the
    rows have no value in the column (a few missing values are the sources' known dirt). -#}
{% test null_share_at_most(model, column_name, max_share) %}
select null_share
from (
    select avg(case when {{ column_name }} is null then 1.0 else 0.0 end) as null_share
    from {{ model }}
) as shares
where null_share > {{ max_share }}
{% endtest %}
