-- What the rejected records had wrong, per table
SELECT table_name, error_message, COUNT(*) AS records
FROM SFE_RAW_MEDIA.LOAD_ERRORS
GROUP BY table_name, error_message
ORDER BY records DESC, table_name, error_message;
