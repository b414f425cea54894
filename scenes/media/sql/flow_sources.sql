-- The data flow per source system: files landed (LOAD_HISTORY), rows in the raw layer, records the
-- load rejected (LOAD_ERRORS) and rows in staging. Support tickets have no staging table: the
-- seed's analytics layer reads them from raw.
WITH files AS (
  SELECT table_name, COUNT(*) AS files, SUM(file_size) AS bytes
  FROM SFE_RAW_MEDIA.LOAD_HISTORY
  GROUP BY table_name
),
rejected AS (
  SELECT table_name, COUNT(*) AS rejected
  FROM SFE_RAW_MEDIA.LOAD_ERRORS
  GROUP BY table_name
),
layers AS (
  SELECT 1 AS source_order, 'subscription API' AS source, 'JSON' AS format, 'RAW_SUBSCRIBER_EVENTS' AS raw_table,
         (SELECT COUNT(*) FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS) AS raw_rows,
         'STG_SUBSCRIBER_EVENTS' AS staging_table,
         (SELECT COUNT(*) FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS) AS staged_rows
  UNION ALL
  SELECT 2, 'content platform', 'CSV', 'RAW_CONTENT_ENGAGEMENT',
         (SELECT COUNT(*) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT),
         'STG_CONTENT_ENGAGEMENT',
         (SELECT COUNT(*) FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT)
  UNION ALL
  SELECT 3, 'support desk', 'Parquet', 'RAW_SUPPORT_INTERACTIONS',
         (SELECT COUNT(*) FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS),
         NULL, NULL
)
SELECT l.source, l.format, COALESCE(f.files, 0) AS files, COALESCE(f.bytes, 0) AS bytes, l.raw_table, l.raw_rows,
       COALESCE(r.rejected, 0) AS rejected, l.staging_table, l.staged_rows
FROM layers AS l
LEFT JOIN files AS f ON f.table_name = l.raw_table
LEFT JOIN rejected AS r ON r.table_name = l.raw_table
ORDER BY l.source_order;
