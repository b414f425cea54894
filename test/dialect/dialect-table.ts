import type { SqlValue } from '../../src/backends/backend.js';

/**
 * The entries of docs/snowflake-dialect.md: a Snowflake statement and the value Snowflake's
 * documentation gives for it (as the first column of the first row).
 */
export interface DialectEntry {
  construct: string;
  sql: string;
  expected: SqlValue;
}

export const DIALECT_TABLE: DialectEntry[] = [
  { construct: 'DATEDIFF counts boundaries (unquoted part)', sql: "SELECT DATEDIFF(hour, '2024-01-01 10:59'::TIMESTAMP, '2024-01-01 11:00'::TIMESTAMP)", expected: 1 },
  { construct: 'DATEDIFF year boundaries', sql: "SELECT DATEDIFF(year, '2010-12-31'::DATE, '2011-01-01'::DATE)", expected: 1 },
  { construct: 'DATEDIFF quoted part, seconds', sql: "SELECT DATEDIFF('second', '2024-01-01 10:00:00'::TIMESTAMP, '2024-01-01 10:01:30'::TIMESTAMP)", expected: 90 },
  { construct: 'DATEADD unquoted part', sql: "SELECT DATEADD(month, 1, '2024-01-31'::DATE)::DATE", expected: '2024-02-29' },
  { construct: 'DATEADD quoted part, negative amount', sql: "SELECT DATEADD('day', -7, '2024-01-15'::DATE)::DATE", expected: '2024-01-08' },
  { construct: '/ on integers returns a decimal', sql: 'SELECT 7 / 2', expected: 3.5 },
  { construct: 'arrays are 0-based', sql: 'SELECT ARRAY_CONSTRUCT(7, 8, 9)[0]', expected: 7 },
  { construct: 'IFF', sql: "SELECT IFF(1 > 2, 'yes', 'no')", expected: 'no' },
  { construct: 'NVL', sql: 'SELECT NVL(NULL, 3)', expected: 3 },
  { construct: 'NVL2', sql: "SELECT NVL2(NULL, 'set', 'not set')", expected: 'not set' },
  { construct: 'ZEROIFNULL', sql: 'SELECT ZEROIFNULL(NULL)', expected: 0 },
  { construct: 'TO_VARCHAR with a date format', sql: "SELECT TO_VARCHAR('2024-01-15'::DATE, 'MON YYYY')", expected: 'Jan 2024' },
  { construct: 'TO_CHAR with a timestamp format', sql: "SELECT TO_CHAR('2024-01-15 13:05:09'::TIMESTAMP, 'YYYY-MM-DD HH24:MI:SS')", expected: '2024-01-15 13:05:09' },
  { construct: 'TO_VARCHAR without a format', sql: 'SELECT TO_VARCHAR(42)', expected: '42' },
  { construct: 'TO_DATE with a format', sql: "SELECT TO_DATE('15/01/2024', 'DD/MM/YYYY')", expected: '2024-01-15' },
  { construct: 'TRY_TO_NUMBER (scale 0)', sql: "SELECT TRY_TO_NUMBER('12.3')", expected: 12 },
  { construct: 'TRY_TO_NUMBER of text', sql: "SELECT TRY_TO_NUMBER('abc')", expected: null },
  { construct: 'DIV0', sql: 'SELECT DIV0(1, 0)', expected: 0 },
  { construct: 'ARRAY_SIZE', sql: 'SELECT ARRAY_SIZE(ARRAY_CONSTRUCT(1, 2, 3))', expected: 3 },
  { construct: 'OBJECT_CONSTRUCT', sql: "SELECT OBJECT_CONSTRUCT('a', 1, 'b', 'x')", expected: { a: 1, b: 'x' } },
  { construct: ': and :: on VARIANT', sql: 'SELECT PARSE_JSON(\'{"a": {"b": ["x", "y"]}}\'):a.b[1]::STRING', expected: 'y' },
  { construct: 'QUALIFY', sql: 'SELECT x FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3) QUALIFY ROW_NUMBER() OVER (ORDER BY x DESC) = 1', expected: 3 },
  { construct: 'ILIKE ANY', sql: "SELECT 'Hello' ILIKE ANY ('%ELL%', 'x%')", expected: true },
  { construct: 'SAMPLE (n) is a percentage', sql: 'SELECT (SELECT count(*) FROM GOLD.FCT_TRANSACTIONS SAMPLE (100)) = (SELECT count(*) FROM GOLD.FCT_TRANSACTIONS)', expected: true },
  { construct: 'SAMPLE (n ROWS)', sql: 'SELECT count(*) FROM (SELECT * FROM GOLD.FCT_TRANSACTIONS SAMPLE (10 ROWS))', expected: 10 },
  { construct: 'DECODE', sql: "SELECT DECODE(2, 1, 'one', 2, 'two', 'other')", expected: 'two' },
];
