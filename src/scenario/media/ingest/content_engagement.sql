-- Loads content CSV batches into RAW_CONTENT_ENGAGEMENT with DuckDB's CSV reader, whose own
-- reject tables collect the lines it cannot take (wrong number of columns, broken quoting); they
-- go to LOAD_ERRORS with file, line, byte offset and the raw text. Columns stay strings, as
-- delivered. Runs inside the load's transaction. Inputs: _media_load_files(path, file_name).
DROP TABLE IF EXISTS _media_csv_rejects;
DROP TABLE IF EXISTS _media_csv_reject_scans;

CREATE OR REPLACE TEMP TABLE _media_load_rows AS
SELECT *
FROM read_csv(
  [{{ paths }}],
  columns = {{ columns }},
  header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  filename = true, store_rejects = true,
  rejects_table = '_media_csv_rejects', rejects_scan = '_media_csv_reject_scans'
);

-- The reader can report one line more than once (with different column counts, from parallel
-- scans of the same buffer): one error per line is kept, the first column it found missing.
CREATE OR REPLACE TEMP TABLE _media_load_rejects AS
SELECT f.file_name, e.line, e.byte_position, e.error_type, e.error_message, e.csv_line
FROM _media_csv_rejects AS e
JOIN _media_csv_reject_scans AS s USING (scan_id, file_id)
JOIN _media_load_files AS f ON f.path = s.file_path
QUALIFY row_number() OVER (PARTITION BY f.file_name, e.line ORDER BY e.column_idx, e.error_message) = 1;

-- The reader gives no line numbers, so they are rebuilt: the k-th row kept from a file is on
-- line k + 1 (the header) + the number of rejected lines before it. The j-th rejected line of a
-- file (in order) at line L lies before kept row k exactly when L - j <= k. The reader keeps the
-- files' order and each file's line order, so a row's place in _media_load_rows (its rowid)
-- gives both k and the load key without sorting.
CREATE OR REPLACE TEMP TABLE _media_load_numbered AS
WITH file_start AS (
  SELECT filename, min(rowid) AS first_rowid FROM _media_load_rows GROUP BY filename
),
rejected AS (
  SELECT file_name, list(line - j ORDER BY line) AS gaps
  FROM (SELECT file_name, line, row_number() OVER (PARTITION BY file_name ORDER BY line) AS j FROM (SELECT DISTINCT file_name, line FROM _media_load_rejects))
  GROUP BY file_name
),
kept AS (
  -- Rows created inside a transaction number from a large offset: counted from the first.
  SELECT r.rowid - (SELECT min(rowid) FROM _media_load_rows) AS row_index, r.* EXCLUDE (filename), f.file_name, r.rowid - s.first_rowid + 1 AS kept_number
  FROM _media_load_rows AS r
  JOIN file_start AS s USING (filename)
  JOIN _media_load_files AS f ON f.path = r.filename
)
SELECT k.*, k.kept_number + 1 + coalesce(len(list_filter(j.gaps, g -> g <= k.kept_number)), 0) AS line_number
FROM kept AS k
LEFT JOIN rejected AS j USING (file_name);

INSERT INTO SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT
SELECT
  (SELECT coalesce(max(load_key), 0) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT) + row_index + 1,
  view_id, subscriber_id, session_id, article_id, section, event_timestamp, time_spent_seconds, user_agent,
  file_name, line_number, now()
FROM _media_load_numbered;

INSERT INTO SFE_RAW_MEDIA.LOAD_ERRORS
SELECT 'RAW_CONTENT_ENGAGEMENT', file_name, line, byte_position, error_type || ': ' || error_message, rtrim(csv_line, chr(10)), now()
FROM _media_load_rejects
ORDER BY file_name, line;

CREATE OR REPLACE TEMP TABLE _media_load_stats AS
WITH kept AS (SELECT file_name, count(*) AS n FROM _media_load_numbered GROUP BY file_name),
rejected AS (
  SELECT file_name, count(DISTINCT line) AS n,
         arg_min(error_type || ': ' || error_message, line) AS first_error_message, min(line) AS first_error_line_number
  FROM _media_load_rejects GROUP BY file_name
)
SELECT
  f.file_name,
  coalesce(k.n, 0) + coalesce(r.n, 0) AS row_parsed,
  coalesce(k.n, 0) AS row_count,
  coalesce(r.n, 0) AS error_count,
  r.first_error_message,
  r.first_error_line_number
FROM _media_load_files AS f
LEFT JOIN kept AS k USING (file_name)
LEFT JOIN rejected AS r USING (file_name);
