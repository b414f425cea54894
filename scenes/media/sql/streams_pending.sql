-- SYSTEM$STREAM_HAS_DATA per stream, with the change rows behind it: what each stream holds that no
-- staging run has consumed yet (selecting from a stream does not consume it; only a DML that reads
-- it in a committed transaction moves its offset)
SELECT 'SFE_SUBSCRIBER_EVENTS_STREAM' AS stream, 'RAW_SUBSCRIBER_EVENTS' AS source_table, COUNT(*) AS pending_rows
FROM SFE_RAW_MEDIA.SFE_SUBSCRIBER_EVENTS_STREAM
UNION ALL
SELECT 'SFE_CONTENT_STREAM', 'RAW_CONTENT_ENGAGEMENT', COUNT(*)
FROM SFE_RAW_MEDIA.SFE_CONTENT_STREAM;
