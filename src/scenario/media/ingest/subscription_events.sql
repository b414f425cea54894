-- Loads JSON-lines files into RAW_SUBSCRIBER_EVENTS. read_ndjson's ignore_errors drops a bad line
-- without saying where it was, so the files are read as text and each line is judged by DuckDB's
-- JSON parser: a JSON object is loaded (its fields as delivered), anything else goes to LOAD_ERRORS
-- with its file and line. Blank lines are not records. Runs inside the load's transaction.
-- Inputs: _media_load_files(path, file_name).
CREATE OR REPLACE TEMP TABLE _media_load_lines AS
WITH texts AS (
  SELECT f.file_name, string_split(replace(t.content, chr(13), ''), chr(10)) AS lines
  FROM read_text([{{ paths }}]) AS t
  JOIN _media_load_files AS f ON f.path = t.filename
),
numbered AS (
  SELECT file_name, generate_subscripts(lines, 1) AS line_number, unnest(lines) AS line FROM texts
)
SELECT
  file_name, line_number, line,
  CASE WHEN NOT json_valid(line) THEN 'malformed JSON: the line does not parse'
       WHEN json_type(CAST(line AS JSON)) <> 'OBJECT' THEN 'not a JSON object: ' || lower(json_type(CAST(line AS JSON)))
  END AS error
FROM numbered
WHERE trim(line) <> '';

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
