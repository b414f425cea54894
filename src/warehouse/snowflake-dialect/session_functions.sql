-- Snowflake functions whose DuckDB spelling differs in meaning, as temporary macros of the session
-- that runs typed SQL. The translation (translate.ts) rewrites calls to these names.

-- DATEDIFF counts the part boundaries crossed between the two values, on timestamps: DuckDB's
-- date_diff does the same once both sides are timestamps (a DATE cast would lose hours).
CREATE OR REPLACE TEMP MACRO c360_datediff(part, start_value, end_value) AS
  date_diff(part, CAST(start_value AS TIMESTAMP), CAST(end_value AS TIMESTAMP));

-- `v:path::string` is the element's text, without the JSON quotes a plain cast keeps.
CREATE OR REPLACE TEMP MACRO c360_json_text(value, path) AS
  json_extract_string(CAST(value AS JSON), path);

-- DATEADD with any amount (a column, a negative number): the transpiler's `x + INTERVAL n unit`
-- is not valid DuckDB for either. The part arrives normalised by translate.ts.
CREATE OR REPLACE TEMP MACRO c360_dateadd(part, amount, value) AS
  value + CASE part
    WHEN 'year' THEN to_years(CAST(amount AS INTEGER))
    WHEN 'quarter' THEN to_months(CAST(3 * amount AS INTEGER))
    WHEN 'month' THEN to_months(CAST(amount AS INTEGER))
    WHEN 'week' THEN to_weeks(CAST(amount AS INTEGER))
    WHEN 'day' THEN to_days(CAST(amount AS INTEGER))
    WHEN 'hour' THEN to_hours(CAST(amount AS BIGINT))
    WHEN 'minute' THEN to_minutes(CAST(amount AS BIGINT))
    WHEN 'second' THEN to_seconds(CAST(amount AS DOUBLE))
    WHEN 'millisecond' THEN to_milliseconds(CAST(amount AS DOUBLE))
    WHEN 'microsecond' THEN to_microseconds(CAST(amount AS BIGINT))
  END;

-- CURRENT_TIMESTAMP(), which the transpiler leaves with its parentheses inside table-function arguments.
CREATE OR REPLACE TEMP MACRO c360_now() AS now();
