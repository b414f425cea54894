-- `c360-demo teardown`: drops what deploy created and nothing else. The share first (a consumer
-- must not keep reading while the rest goes), then the task roots are stopped, then the objects
-- in the reverse order of their creation. Objects inside a database deploy created go with it.
USE ROLE ACCOUNTADMIN;
{% if share %}
DROP SHARE IF EXISTS {{ share }};
{% endif %}
{% for task in roots %}
ALTER TASK IF EXISTS {{ task }} SUSPEND;
{% endfor %}
{% for object in objects %}
DROP {{ object.kind }} IF EXISTS {{ object.name }}{{ object.signature }};
{% endfor %}
{% if stateTable %}
DROP TABLE IF EXISTS CUSTOMER_ANALYTICS.PUBLIC.C360_DEPLOY_STATE;
{% endif %}
