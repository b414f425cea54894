{#- The merchant categories the churn features count (name, column suffix): the ten the bank books. -#}
{% macro churn_categories() %}
{{ return([
    {'name': 'Travel', 'suffix': 'travel'}, {'name': 'Dining', 'suffix': 'dining'}, {'name': 'Grocery', 'suffix': 'grocery'},
    {'name': 'Gas', 'suffix': 'gas'}, {'name': 'Retail', 'suffix': 'retail'}, {'name': 'Entertainment', 'suffix': 'entertainment'},
    {'name': 'Utilities', 'suffix': 'utilities'}, {'name': 'Healthcare', 'suffix': 'healthcare'},
    {'name': 'Home Improvement', 'suffix': 'home_improvement'}, {'name': 'Digital Services', 'suffix': 'digital_services'}
]) }}
{% endmacro %}
