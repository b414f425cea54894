-- Loads content CSV batches into RAW_CONTENT_ENGAGEMENT with DuckDB's CSV reader, whose own
-- reject tables collect the lines it cannot take (wrong number of columns, broken quoting); they
-- go to LOAD_ERRORS with file, line, byte offset and the raw text. Columns stay strings, as
-- delivered. Read step (outside the transaction: a file that cannot be read is that file's
-- failure, not the warehouse's). Inputs: _media_load_files(file_index, path, file_name).
DROP TABLE IF EXISTS _media_csv_rejects;
DROP TABLE IF EXISTS _media_csv_reject_scans;

-- Each row says which file it came from by the reader's file_index (its place in the list, as
-- in _media_load_files.file_index): an integer, not the path string filename = true repeats on
-- every row.
CREATE OR REPLACE TEMP TABLE _media_load_rows AS
SELECT *, file_index
FROM read_csv(
  [{{ paths }}],
  columns = {{ columns }},
  header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  store_rejects = true,
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

