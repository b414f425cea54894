-- Insert step, inside the load's transaction: rows and per-file figures.
INSERT INTO SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS
SELECT
  (SELECT coalesce(max(load_key), 0) FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS) + row_number() OVER (ORDER BY file_name, line_number),
  ticket_id, subscriber_id, created_at, category, channel, priority, status, resolved_at, resolution_code,
  satisfaction_score, first_response_minutes,
  file_name, line_number, now()
FROM _media_load_rows;

CREATE OR REPLACE TEMP TABLE _media_load_stats AS
SELECT f.file_name, count(r.line_number) AS row_parsed, count(r.line_number) AS row_count, 0 AS error_count,
       CAST(NULL AS VARCHAR) AS first_error_message, CAST(NULL AS BIGINT) AS first_error_line_number
FROM _media_load_files AS f
LEFT JOIN _media_load_rows AS r USING (file_name)
GROUP BY f.file_name;
