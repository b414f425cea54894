-- Objects per layer of the CUSTOMER_ANALYTICS database
SELECT UPPER(table_schema) AS layer,
       COUNT(*)            AS objects
FROM INFORMATION_SCHEMA.TABLES
WHERE UPPER(table_catalog) = 'CUSTOMER_ANALYTICS'
  AND UPPER(table_schema) IN ('BRONZE', 'SILVER', 'GOLD', 'TELEMETRY')
GROUP BY UPPER(table_schema)
ORDER BY CASE UPPER(table_schema)
           WHEN 'BRONZE' THEN 1 WHEN 'SILVER' THEN 2 WHEN 'GOLD' THEN 3 ELSE 4
         END;
