-- The tables of the pack's three layers that exist in this warehouse (the analytics layer is
-- built by dbt after staging)
SELECT UPPER(table_schema) AS layer, UPPER(table_name) AS table_name
FROM INFORMATION_SCHEMA.TABLES
WHERE UPPER(table_schema) IN ('SFE_RAW_MEDIA', 'SFE_STG_MEDIA', 'SFE_ANALYTICS_MEDIA')
  AND table_type = 'BASE TABLE'
ORDER BY 1, 2;
