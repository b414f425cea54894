-- A subscription event as the events API delivered it: one JSON object a line (the first payment)
SELECT source_file, source_line, CAST(payload AS VARCHAR) AS record
FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS
WHERE event_type = 'payment'
ORDER BY load_key
LIMIT 1;
