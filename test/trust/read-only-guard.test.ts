import crypto from 'node:crypto';
import { localWarehouse, packDir } from '../support/pack.js';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { UserError } from '../../src/core/errors.js';
import { shareQueryLocal } from '../../src/orchestration/local/share.js';
import { tempDir } from '../helpers/cli.js';
import { copyGoldWarehouse } from '../support/warehouse.js';

/**
 * Escape attempts against the two places that run SQL a person typed: `c360-demo sql` (a sealed
 * read-only connection) and `share query` (a consumer database that holds only the granted
 * objects). Whatever happens to the statement, the warehouse file and the files in the data dir
 * must be exactly as before.
 */

let dataDir: string;
let warehouse: string;
let before: { stat: string; files: string[] };
let beforeChecksum: string;
let outside: string;

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

/**
 * The warehouse as the file system sees it: any write to the file moves its ctime (which no
 * process can set back) and mtime. Cheap enough for every attempt; the whole file's checksum is
 * compared once at the end.
 */
function snapshot(): { stat: string; files: string[] } {
  const st = fs.statSync(warehouse, { bigint: true });
  return { stat: `${st.size}:${st.mtimeNs}:${st.ctimeNs}`, files: listFiles(dataDir) };
}

const checksum = () => crypto.createHash('sha256').update(fs.readFileSync(warehouse)).digest('hex');

function expectUnchanged(label: string): void {
  const now = snapshot();
  expect(now.stat, `${label}: warehouse size, mtime and ctime`).toBe(before.stat);
  expect(now.files, `${label}: files in the data dir`).toEqual(before.files);
  expect(fs.readdirSync(outside), `${label}: files outside the data dir`).toEqual([]);
}

type Outcome = 'refused' | 'fails' | 'ok';

/**
 * One sealed connection serves every attempt, as one `sql` session would: whatever an attempt
 * leaves behind in the session is there for the next one to try to use.
 */
let sealed: LocalDuckDbBackend;

async function runTyped(sql: string): Promise<{ outcome: Outcome; text: string }> {
  try {
    const stream = await sealed.runUserQuery(sql);
    const rows = [];
    for await (const batch of stream.batches) rows.push(...batch);
    return { outcome: 'ok', text: JSON.stringify(rows) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { outcome: err instanceof UserError && /only one read-only query/.test(message) ? 'refused' : 'fails', text: message };
  }
}

beforeAll(async () => {
  dataDir = copyGoldWarehouse('c360-guard-');
  outside = tempDir('c360-outside-');
  warehouse = path.join(packDir(dataDir), 'warehouse.duckdb');
  before = snapshot();
  beforeChecksum = checksum();
  sealed = await LocalDuckDbBackend.open({ ...localWarehouse(dataDir), sealed: true });
});

afterAll(async () => {
  await sealed.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

describe('c360-demo sql is read-only by construction', () => {
  const w = () => warehouse.replace(/'/g, "''");
  const o = () => outside.replace(/'/g, "''");
  // [statement, expected outcome]: 'refused' by the guard, 'fails' in the sealed connection, 'ok' as a read.
  const attempts: [string, (() => string) | string, Outcome | Outcome[]][] = [
    ['plain select', 'SELECT count(*) AS n FROM BRONZE.BRONZE_CUSTOMERS', 'ok'],
    ['WITH', 'WITH c AS (SELECT * FROM BRONZE.BRONZE_CUSTOMERS) SELECT count(*) FROM c', 'ok'],
    ['VALUES', 'VALUES (1, 2)', 'ok'],
    ['FROM-first', 'FROM GOLD.DIM_DATE LIMIT 1', 'ok'],
    ['DESCRIBE', 'DESCRIBE GOLD.DIM_CUSTOMER', 'ok'],
    ['SUMMARIZE', 'SUMMARIZE SELECT 1 AS x', 'ok'],
    ['SHOW', 'SHOW ALL TABLES', 'ok'],
    ['EXPLAIN', 'EXPLAIN SELECT * FROM GOLD.DIM_DATE', 'ok'],
    ['EXPLAIN ANALYZE COPY over the warehouse', () => `EXPLAIN ANALYZE COPY (SELECT 1 AS x) TO '${w()}' (FORMAT csv)`, 'refused'],
    ['EXPLAIN ANALYZE of a select', 'EXPLAIN ANALYZE SELECT 1', 'refused'],
    ['explain (analyze) options', 'EXPLAIN (ANALYZE) SELECT 1', 'refused'],
    // A statement that names a file fails already when DuckDB binds it: refused or failed, it never runs.
    ['comment before EXPLAIN ANALYZE', () => `/* x */ EXPLAIN ANALYZE COPY (SELECT 1) TO '${o()}/a.csv'`, ['refused', 'fails']],
    [
      'nested comments hiding EXPLAIN ANALYZE',
      () => `/* /* */ EXPLAIN SELECT '*/ EXPLAIN ANALYZE COPY (SELECT 1) TO ''${o()}/b.csv'' --'`,
      ['refused', 'fails'],
    ],
    ['EXPLAIN of a write', 'EXPLAIN DELETE FROM BRONZE.BRONZE_CUSTOMERS', 'refused'],
    ['quotes hide comment markers', `SELECT '/*' AS a; DROP TABLE BRONZE.BRONZE_CUSTOMERS; SELECT '*/' AS b`, 'refused'],
    [
      'DETACH then ATTACH read-write',
      () => `SELECT '/*' AS a; DETACH CUSTOMER_ANALYTICS; ATTACH '${w()}' AS X; DROP TABLE X.BRONZE.BRONZE_CUSTOMERS; SELECT '*/'`,
      'refused',
    ],
    ['line comment in a string', `SELECT '--' AS a; DELETE FROM BRONZE.BRONZE_CUSTOMERS`, 'refused'],
    ['dollar-quoted string', `SELECT $$ ; $$ AS a; DELETE FROM BRONZE.BRONZE_CUSTOMERS`, 'refused'],
    ['dollar-quoted tag', `SELECT $tag$ '; $tag$ AS a; DROP SCHEMA GOLD CASCADE`, 'refused'],
    ['two selects', 'SELECT 1; SELECT 2', 'refused'],
    ['trailing write', 'SELECT 1; INSERT INTO BRONZE.BRONZE_CUSTOMERS SELECT * FROM BRONZE.BRONZE_CUSTOMERS', 'refused'],
    ['DELETE', 'DELETE FROM BRONZE.BRONZE_CUSTOMERS', 'refused'],
    ['UPDATE', 'UPDATE BRONZE.BRONZE_CUSTOMERS SET age = 0', 'refused'],
    ['INSERT', 'INSERT INTO BRONZE.BRONZE_CUSTOMERS SELECT * FROM BRONZE.BRONZE_CUSTOMERS', 'refused'],
    ['CREATE TABLE AS', 'CREATE TABLE GOLD.X AS SELECT 1', 'refused'],
    ['CREATE in memory', 'CREATE TABLE memory.main.x AS SELECT 1', 'refused'],
    ['DROP', 'DROP TABLE GOLD.DIM_DATE', 'refused'],
    ['ALTER', 'ALTER TABLE GOLD.DIM_DATE RENAME TO D', 'refused'],
    ['TRUNCATE', 'TRUNCATE BRONZE.BRONZE_CUSTOMERS', 'refused'],
    ['COPY TO outside', () => `COPY (SELECT 1) TO '${o()}/c.csv'`, ['refused', 'fails']],
    ['COPY TO the warehouse', () => `COPY BRONZE.BRONZE_CUSTOMERS TO '${w()}'`, 'refused'],
    ['EXPORT DATABASE', () => `EXPORT DATABASE '${o()}/export'`, ['refused', 'fails']],
    ['ATTACH', () => `ATTACH '${o()}/new.duckdb' AS n`, 'refused'],
    ['DETACH', 'DETACH CUSTOMER_ANALYTICS', 'refused'],
    ['INSTALL', 'INSTALL httpfs', 'refused'],
    ['LOAD', 'LOAD httpfs', 'refused'],
    ['PRAGMA', 'PRAGMA version', 'refused'],
    ['PRAGMA assignment', 'PRAGMA enable_external_access = true', 'refused'],
    ['SET', 'SET enable_external_access = true', 'refused'],
    ['RESET', 'RESET lock_configuration', 'refused'],
    ['CALL', 'CALL pragma_version()', 'refused'],
    ['CHECKPOINT', 'CHECKPOINT', 'refused'],
    ['VACUUM', 'VACUUM', 'refused'],
    ['BEGIN', 'BEGIN TRANSACTION', 'refused'],
    ['USE', 'USE memory', 'refused'],
    ['PREPARE', 'PREPARE p AS SELECT 1', 'refused'],
    ['CREATE MACRO', 'CREATE MACRO m() AS 1', 'refused'],
    ['read_csv of a system file', "SELECT * FROM read_csv('/etc/passwd')", 'fails'],
    ['read_text', "SELECT * FROM read_text('/etc/hostname')", 'fails'],
    ['glob', "SELECT * FROM glob('/*')", 'fails'],
    ['replacement scan of a file', () => `SELECT * FROM '${w()}'`, 'fails'],
    ['read_parquet of the warehouse dir', () => `SELECT * FROM read_parquet('${path.dirname(w())}/*.parquet')`, 'fails'],
    ['query() running a write', "SELECT * FROM query('DELETE FROM BRONZE.BRONZE_CUSTOMERS')", 'fails'],
    ['query() running ATTACH', () => `SELECT * FROM query('ATTACH ''${o()}/q.duckdb'' AS q')`, 'fails'],
    ['nextval writes a sequence', "SELECT nextval('nope')", 'fails'],
    ['system view', 'SELECT count(*) FROM duckdb_tables()', 'ok'],
    ['settings cannot be changed back', "SELECT current_setting('enable_external_access') AS v", 'ok'],
    ['CTE named like a system view', 'WITH duckdb_tables AS (SELECT 1 AS x) SELECT * FROM duckdb_tables', 'ok'],
    ['non-ASCII identifier', 'SELECT 1 AS "ſelect"', 'ok'],
    ['empty', '   ', 'fails'],
    ['only a comment', '-- nothing', 'fails'],
    ['syntax error', "select date_trunc('month', current_date) from where", 'fails'],
  ];

  it('has at least 40 escape attempts', () => {
    expect(attempts.length).toBeGreaterThanOrEqual(40);
  });

  it.each(attempts)('%s', async (label, sql, expected) => {
    const text = typeof sql === 'function' ? sql() : sql;
    const { outcome, text: detail } = await runTyped(text);
    expect([expected].flat(), `${label}: ${detail}`).toContain(outcome);
    expectUnchanged(label);
  });

  it('reports a syntax error as a syntax error with its position, not as a refusal', async () => {
    const { text } = await runTyped("select date_trunc('month', current_date) from where");
    expect(text).toBe('syntax error at or near "where" (line 1, column 47)');
  });

  it('streams a result in batches and keeps going to the last row', async () => {
    // One column: every row and batch of the largest table, without converting a dozen values per row.
    const stream = await sealed.runUserQuery('SELECT transaction_id FROM BRONZE.BRONZE_TRANSACTIONS');
    let rows = 0;
    let batches = 0;
    for await (const batch of stream.batches) {
      rows += batch.length;
      batches += 1;
      expect(batch.length).toBeLessThanOrEqual(2048);
    }
    const total = await sealed.query('SELECT count(*) AS n FROM BRONZE.BRONZE_TRANSACTIONS');
    expect(rows).toBe(total.rows[0]!.n);
    expect(batches).toBeGreaterThan(1);
  });

  it('random sequences of statements, comments and quotes never change anything', async () => {
    const pieces = [
      'SELECT 1',
      'SELECT count(*) FROM BRONZE.BRONZE_CUSTOMERS',
      'DELETE FROM BRONZE.BRONZE_CUSTOMERS',
      'DROP TABLE GOLD.DIM_DATE',
      'DETACH CUSTOMER_ANALYTICS',
      `ATTACH '${warehouse.replace(/'/g, "''")}' AS X`,
      `COPY (SELECT 1) TO '${outside.replace(/'/g, "''")}/p.csv'`,
      "EXPLAIN ANALYZE COPY (SELECT 1) TO '/tmp/c360-never.csv'",
      'SET enable_external_access = true',
      'EXPLAIN',
      'ANALYZE',
      'PRAGMA version',
      'CALL pragma_version()',
      "'/*'",
      "'*/'",
      '/*',
      '*/',
      '--',
      '\n',
      ';',
      "'",
      '$$',
      '"',
      '(',
      ')',
      'WITH a AS (SELECT 1)',
      'SELECT',
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }), fc.constantFrom(' ', '\n', ''), async (parts, joiner) => {
        const sql = parts.join(joiner);
        const { outcome } = await runTyped(sql);
        expect(['ok', 'refused', 'fails']).toContain(outcome);
        expectUnchanged(sql);
      }),
      { numRuns: 80, seed: 42 },
    );
  }, 120_000);
});

describe('share query runs in a database that holds only the granted objects', () => {
  const NOT_GRANTED =
    /BRONZE_CUSTOMERS|BRONZE_TRANSACTIONS|FCT_TRANSACTIONS|DIM_CUSTOMER\b|CUSTOMER_360_PROFILE|CHURN_PREDICTIONS|CHURN_MODEL_REGISTRY|GENERATION_TELEMETRY|_c360_|CREATE (OR REPLACE )?(SECURE )?VIEW|first_name|email/i;

  let provider: LocalDuckDbBackend;
  beforeAll(async () => {
    provider = await LocalDuckDbBackend.open({ ...localWarehouse(dataDir), readOnly: true });
  });
  afterAll(() => provider.close());

  async function asConsumer(sql: string): Promise<{ ok: boolean; text: string }> {
    try {
      const result = await shareQueryLocal(provider, sql);
      return { ok: true, text: JSON.stringify(result) };
    } catch (err) {
      return { ok: false, text: err instanceof Error ? err.message : String(err) };
    }
  }

  const attempts: [string, string, RegExp | 'ok'][] = [
    ['a granted view', 'SELECT * FROM SHARED_SEGMENT_SUMMARY', 'ok'],
    ['a granted view, qualified', 'SELECT count(*) AS n FROM CUSTOMER_ANALYTICS.GOLD.SHARED_CUSTOMER_INSIGHTS', 'ok'],
    ['a gold table', 'SELECT * FROM GOLD.FCT_TRANSACTIONS', /Object 'GOLD.FCT_TRANSACTIONS' does not exist or not authorized\./],
    ['a bronze table', 'SELECT * FROM BRONZE.BRONZE_CUSTOMERS', /Object 'BRONZE.BRONZE_CUSTOMERS' does not exist or not authorized\./],
    ['the profile the views are built on', 'SELECT * FROM CUSTOMER_360_PROFILE', /Object 'CUSTOMER_360_PROFILE' does not exist or not authorized\./],
    ['view definitions', 'SELECT sql FROM duckdb_views()', /does not exist or not authorized/],
    ['table definitions', 'SELECT sql FROM duckdb_tables()', /does not exist or not authorized/],
    ['information_schema lists only the grants', 'SELECT table_name FROM information_schema.tables', 'ok'],
    ['information_schema columns', 'SELECT table_name, column_name FROM information_schema.columns', 'ok'],
    ['view definitions through information_schema', 'SELECT view_definition FROM information_schema.views', 'ok'],
    ['CTE shadowing a system view, non-ASCII', 'WITH ſhared_segment_summary AS (SELECT 1) SELECT * FROM duckdb_views()', /does not exist or not authorized/],
    ['CTE named like a hidden table', 'WITH FCT_TRANSACTIONS AS (SELECT 1 AS x) SELECT * FROM FCT_TRANSACTIONS', 'ok'],
    ['query() table function', "SELECT * FROM query('SELECT * FROM BRONZE.BRONZE_CUSTOMERS')", /does not exist or not authorized/],
    ['a file', "SELECT * FROM read_csv('/etc/passwd')", /does not exist or not authorized/],
    ['the warehouse file itself', `SELECT * FROM 'warehouse.duckdb'`, /does not exist or not authorized/],
    ['a write', 'DELETE FROM SHARED_SEGMENT_SUMMARY', /Insufficient privileges/],
    [
      'comments and quotes hiding a second statement',
      "SELECT '/*' AS a; SELECT * FROM BRONZE.BRONZE_CUSTOMERS; SELECT '*/' AS b",
      /statement count 3 did not match/,
    ],
    ['ATTACH the provider', `ATTACH 'warehouse.duckdb' AS p`, /Insufficient privileges/],
  ];

  const allowed = attempts.filter((a): a is [string, string, 'ok'] => a[2] === 'ok');
  const refused = attempts.filter((a): a is [string, string, RegExp] => a[2] !== 'ok');

  it.each(allowed)('%s: answered', async (label, sql) => {
    const { ok, text } = await asConsumer(sql);
    expect(ok, `${label}: ${text}`).toBe(true);
    // Nothing that was not granted - no table, no column, no view definition - ever appears.
    expect(text.replace(/Object '[^']*'/g, '')).not.toMatch(NOT_GRANTED);
    expectUnchanged(label);
  });

  it.each(refused)('%s: refused', async (label, sql, expected) => {
    const { ok, text } = await asConsumer(sql);
    expect(ok, label).toBe(false);
    expect(text).toMatch(expected);
    // Nothing that was not granted - no table, no column, no view definition - ever appears.
    expect(text.replace(/Object '[^']*'/g, '')).not.toMatch(NOT_GRANTED);
    expectUnchanged(label);
  });
});

// Tests in a file run in order: this one runs after every attempt above.
describe('after every attempt', () => {
  it('the warehouse file is byte for byte what it was', () => {
    expect(checksum()).toBe(beforeChecksum);
  });
});
