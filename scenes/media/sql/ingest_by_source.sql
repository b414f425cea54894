-- The load per source: files by status, rows loaded and rejected (LOAD_HISTORY, shaped like COPY_HISTORY)
SELECT table_name,
       COUNT(*)                                                 AS files,
       SUM(CASE WHEN status = 'LOADED' THEN 1 ELSE 0 END)           AS loaded,
       SUM(CASE WHEN status = 'PARTIALLY_LOADED' THEN 1 ELSE 0 END) AS partially_loaded,
       SUM(CASE WHEN status = 'LOAD_FAILED' THEN 1 ELSE 0 END)      AS load_failed,
       SUM(row_parsed)                                          AS rows_parsed,
       SUM(row_count)                                           AS rows_loaded,
       SUM(error_count)                                         AS rows_rejected,
       MAX(last_load_time)                                      AS last_load
FROM SFE_RAW_MEDIA.LOAD_HISTORY
GROUP BY table_name
ORDER BY CASE table_name WHEN 'RAW_SUBSCRIBER_EVENTS' THEN 1 WHEN 'RAW_CONTENT_ENGAGEMENT' THEN 2 ELSE 3 END;
