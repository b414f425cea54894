{#- Rows whose column lies outside [min_value, max_value] (a NULL is not judged here: not_null is). -#}
{% test value_between(model, column_name, min_value, max_value) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}
{% endtest %}
