-- What each source system delivered: files, size, the first file, and the records the files held
SELECT table_name,
       COUNT(*)              AS files,
       SUM(file_size)        AS bytes,
       SUM(row_parsed)       AS records,
       MIN(file_name)        AS first_file
FROM SFE_RAW_MEDIA.LOAD_HISTORY
GROUP BY table_name
ORDER BY CASE table_name WHEN 'RAW_SUBSCRIBER_EVENTS' THEN 1 WHEN 'RAW_CONTENT_ENGAGEMENT' THEN 2 ELSE 3 END;
