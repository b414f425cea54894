-- Loads the daily support-ticket Parquet files into RAW_SUPPORT_INTERACTIONS. Parquet is typed,
-- so there are no record-level rejects: a file whose columns are not the expected ones is refused
-- whole before this runs. Read step (outside the transaction). Inputs: _media_load_files(path, file_name).
CREATE OR REPLACE TEMP TABLE _media_load_rows AS
SELECT f.file_name, p.file_row_number + 1 AS line_number, p.* EXCLUDE (filename, file_row_number)
FROM read_parquet([{{ paths }}], filename = true, file_row_number = true, union_by_name = true) AS p
JOIN _media_load_files AS f ON f.path = p.filename;

