-- A support ticket as the daily Parquet batch holds it (the first resolved ticket)
SELECT source_file, source_line, ticket_id, subscriber_id, created_at, category, channel, priority, status,
       resolved_at, resolution_code, satisfaction_score, first_response_minutes
FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS
WHERE resolved_at IS NOT NULL
ORDER BY load_key
LIMIT 1;
