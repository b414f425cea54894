-- Insert step, inside the load's transaction: rows, rejected lines and per-file figures.
INSERT INTO SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS
SELECT
  (SELECT coalesce(max(load_key), 0) FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS) + row_number() OVER (ORDER BY file_name, line_number),
  payload ->> 'event_id', payload ->> 'subscriber_id', payload ->> 'event_type', payload ->> 'event_timestamp',
  payload, file_name, line_number, now()
FROM (SELECT file_name, line_number, CAST(line AS JSON) AS payload FROM _media_load_lines WHERE error IS NULL);

INSERT INTO SFE_RAW_MEDIA.LOAD_ERRORS
SELECT 'RAW_SUBSCRIBER_EVENTS', file_name, line_number, NULL, error, line, now()
FROM _media_load_lines
WHERE error IS NOT NULL
ORDER BY file_name, line_number;

CREATE OR REPLACE TEMP TABLE _media_load_stats AS
SELECT
  file_name,
  count(*) AS row_parsed,
  count(*) FILTER (WHERE error IS NULL) AS row_count,
  count(*) FILTER (WHERE error IS NOT NULL) AS error_count,
  arg_min(error, line_number) FILTER (WHERE error IS NOT NULL) AS first_error_message,
  min(line_number) FILTER (WHERE error IS NOT NULL) AS first_error_line_number
FROM _media_load_lines
GROUP BY file_name;
