-- Loads JSON-lines files into RAW_SUBSCRIBER_EVENTS. read_ndjson's ignore_errors drops a bad line
-- without saying where it was, so the files are read as text and each line is judged by DuckDB's
-- JSON parser: a JSON object is loaded (its fields as delivered), anything else goes to LOAD_ERRORS
-- with its file and line. Blank lines are not records.
-- Read step (outside the transaction: a file that cannot be read is that file's failure, not the
-- warehouse's). Inputs: _media_load_files(path, file_name).
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

