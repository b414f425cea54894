-- A content view as the platform's CSV batch holds it (the first view with every field)
SELECT source_file, source_line, view_id, subscriber_id, session_id, article_id, section, event_timestamp,
       time_spent_seconds, user_agent
FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT
WHERE article_id <> '' AND section <> '' AND user_agent <> ''
ORDER BY load_key
LIMIT 1;
