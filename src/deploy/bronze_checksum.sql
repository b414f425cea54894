-- A bronze table's checksum, the same SQL on DuckDB and on Snowflake: the row count and, per
-- column, a sum (numbers), the total length (text) or the total seconds since 2000 (dates), each
-- as text. Equal on both sides when the same seed and scale loaded the same rows.
SELECT
  CAST(COUNT(*) AS VARCHAR) AS row_count
{% for column in columns %}
  , CAST({% if column.kind == 'number' %}SUM(CAST({{ column.name }} AS DECIMAL(38, 2))){% elif column.kind == 'text' %}SUM(LENGTH({{ column.name }})){% else %}SUM(DATEDIFF('second', CAST('2000-01-01 00:00:00' AS TIMESTAMP), CAST({{ column.name }} AS TIMESTAMP))){% endif %} AS VARCHAR) AS {{ column.name }}
{% endfor %}
FROM CUSTOMER_ANALYTICS.BRONZE.{{ table }}
