-- Insert step, inside the load's transaction: rows, rejected lines and per-file figures.
-- The reader gives no line numbers, so they are rebuilt: the k-th row kept from a file is on
-- line k + 1 (the header) + the number of rejected lines before it. The j-th rejected line of a
-- file (in order) at line L lies before kept row k exactly when L - j <= k. The reader keeps the
-- files' order and each file's line order, so a row's place in _media_load_rows (its rowid)
-- gives both k and the load key without sorting.
INSERT INTO SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT
WITH file_start AS (
  SELECT file_index, min(rowid) AS first_rowid FROM _media_load_rows GROUP BY file_index
),
rejected AS (
  SELECT file_name, list(line - j ORDER BY line) AS gaps
  FROM (SELECT file_name, line, row_number() OVER (PARTITION BY file_name ORDER BY line) AS j FROM (SELECT DISTINCT file_name, line FROM _media_load_rejects))
  GROUP BY file_name
),
kept AS (
  -- Counted from the table's first row (rows made inside a transaction number from an offset).
  SELECT r.*, f.file_name, r.rowid - (SELECT min(rowid) FROM _media_load_rows) AS row_index, r.rowid - s.first_rowid + 1 AS kept_number
  FROM _media_load_rows AS r
  JOIN file_start AS s USING (file_index)
  JOIN _media_load_files AS f USING (file_index)
)
SELECT
  (SELECT coalesce(max(load_key), 0) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT) + k.row_index + 1,
  k.view_id, k.subscriber_id, k.session_id, k.article_id, k.section, k.event_timestamp, k.time_spent_seconds, k.user_agent,
  k.file_name, k.kept_number + 1 + coalesce(len(list_filter(j.gaps, g -> g <= k.kept_number)), 0), now()
FROM kept AS k
LEFT JOIN rejected AS j USING (file_name);

INSERT INTO SFE_RAW_MEDIA.LOAD_ERRORS
SELECT 'RAW_CONTENT_ENGAGEMENT', file_name, line, byte_position, error_type || ': ' || error_message, rtrim(csv_line, chr(10)), now()
FROM _media_load_rejects
ORDER BY file_name, line;

CREATE OR REPLACE TEMP TABLE _media_load_stats AS
WITH kept AS (
  SELECT f.file_name, count(*) AS n FROM _media_load_rows AS r JOIN _media_load_files AS f USING (file_index) GROUP BY f.file_name
),
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
