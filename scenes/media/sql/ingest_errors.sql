-- Rejected records as the error table keeps them: file, line, error and the raw text (the first few of each table)
SELECT table_name, file_name, line_number, error_message, raw_record
FROM SFE_RAW_MEDIA.LOAD_ERRORS
QUALIFY ROW_NUMBER() OVER (PARTITION BY table_name ORDER BY file_name, line_number) <= {{ errors_per_table }}
ORDER BY table_name DESC, file_name, line_number;
