import { describe, expect, it } from 'vitest';
import { localWarehouse } from '../support/pack.js';
import { readRepoFile } from '../../src/util/paths.js';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { copyBronzeWarehouse } from '../support/warehouse.js';

/**
 * The local warehouse keeps its own copy of some Snowflake DDL (DuckDB spells some types
 * differently, and chooses some columns' storage). These tests hold each pair to the same tables, columns, types and NOT NULLs.
 */

interface Column {
  name: string;
  type: string;
  notNull: boolean;
}

/** One canonical spelling per type family both warehouses agree on. */
function canonicalType(raw: string): string {
  const t = raw.toUpperCase().replace(/\s+/g, '');
  const numeric = /^(?:NUMBER|NUMERIC|DECIMAL)\((\d+),(\d+)\)$/.exec(t);
  if (numeric) return numeric[2] === '0' ? 'integer' : `decimal(${numeric[1]},${numeric[2]})`;
  if (/^(?:INTEGER|INT|BIGINT|SMALLINT|NUMBER)$/.test(t)) return 'integer';
  if (/^(?:FLOAT|DOUBLE|REAL|FLOAT8)$/.test(t)) return 'double';
  if (/^(?:TIMESTAMP|TIMESTAMP_NTZ|DATETIME)$/.test(t)) return 'timestamp';
  if (/^(?:VARCHAR|TEXT|STRING)(?:\(\d+\))?$/.test(t)) return 'varchar';
  if (t === 'DATE' || t === 'BOOLEAN') return t.toLowerCase();
  // A semi-structured payload: VARIANT on Snowflake, JSON on DuckDB.
  if (t === 'VARIANT' || t === 'JSON') return 'variant';
  throw new Error(`no canonical spelling for type ${raw}`);
}

/** table (unqualified, upper-case) -> columns, for every CREATE [OR REPLACE] TABLE [IF NOT EXISTS] x.y.T ( ... ) in `sql`. */
function tables(sql: string): Record<string, Column[]> {
  const out: Record<string, Column[]> = {};
  for (const m of sql.matchAll(/CREATE (?:OR REPLACE )?TABLE (?:IF NOT EXISTS )?([\w.]+) \(([\s\S]*?)\n\)/g)) {
    const name = m[1]!.split('.').pop()!.toUpperCase();
    out[name] = m[2]!
      .split('\n')
      // Table constraints (PRIMARY KEY (...), UNIQUE (...)) are not columns.
      .filter((line) => !/^\s*(PRIMARY|UNIQUE|CONSTRAINT|FOREIGN)\b/i.test(line))
      .map((line) => ({ line, m: /^\s*(\w+)\s+([A-Za-z_]+(?:\s*\(\s*\d+\s*(?:,\s*\d+\s*)?\))?)/.exec(line) }))
      .filter((c): c is { line: string; m: RegExpExecArray } => c.m !== null)
      // NOT NULL may follow a DEFAULT or an AUTOINCREMENT clause.
      .map(({ line, m }) => ({ name: m[1]!.toLowerCase(), type: canonicalType(m[2]!), notNull: /\bNOT NULL\b/i.test(line.split('--')[0]!) }));
  }
  return out;
}

describe('Snowflake DDL and its local copy define the same tables', () => {
  it('telemetry: sql/eda/05_telemetry_tracking.sql and src/telemetry/telemetry_tables.sql (tables, columns, types, views)', () => {
    const snowflake = readRepoFile('sql', 'credit-card', 'eda', '05_telemetry_tracking.sql');
    const local = readRepoFile('src', 'telemetry', 'telemetry_tables.sql');
    expect(Object.keys(tables(local)).sort()).toEqual(['DATA_QUALITY_TELEMETRY', 'GENERATION_TELEMETRY', 'METRIC_SNAPSHOTS', 'SEGMENT_TELEMETRY']);
    expect(tables(snowflake)).toEqual(tables(local));
    const views = (sql: string) => [...sql.matchAll(/CREATE OR REPLACE VIEW TELEMETRY\.(\w+)/g)].map((m) => m[1]!.toUpperCase()).sort();
    expect(views(snowflake)).toEqual(views(local));
    expect(views(snowflake)).toEqual(expect.arrayContaining(['V_DATA_QUALITY_DASHBOARD', 'V_SEGMENT_PERFORMANCE']));
  });

  it('bronze: sql/setup/01_setup.sql and the bronze tables the local generator leaves (tables, columns, types)', async () => {
    const snowflake = tables(readRepoFile('sql', 'credit-card', 'setup', '01_setup.sql'));
    // Locally BRONZE_TRANSACTIONS is created by CREATE TABLE AS (transactions.sql): read what the
    // generator really leaves. NOT NULL is not compared for that reason.
    const backend = await LocalDuckDbBackend.open({ ...localWarehouse(copyBronzeWarehouse()), readOnly: true });
    let local: Record<string, Omit<Column, 'notNull'>[]>;
    try {
      const { rows } = await backend.query(`SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'BRONZE' AND table_name LIKE 'BRONZE\\_%' ESCAPE '\\' ORDER BY table_name, ordinal_position`);
      local = {};
      for (const r of rows) (local[String(r.table_name)] ??= []).push({ name: String(r.column_name).toLowerCase(), type: canonicalType(String(r.data_type)) });
    } finally {
      await backend.close();
    }
    expect(Object.keys(local).sort()).toEqual(['BRONZE_CREDIT_LIMIT_CHANGES', 'BRONZE_CUSTOMERS', 'BRONZE_TRANSACTIONS']);
    const withoutNullability = Object.fromEntries(Object.entries(snowflake).map(([t, cols]) => [t, cols.map(({ name, type }) => ({ name, type }))]));
    expect(withoutNullability).toEqual(local);
    expect(local.BRONZE_TRANSACTIONS!.find((c) => c.name === 'transaction_amount')).toEqual({ name: 'transaction_amount', type: 'decimal(10,2)' });
  });

  it('media raw layer: sql/media/setup/01_setup.sql and src/scenario/media/ingest/raw_tables.sql (tables, columns, types, NOT NULLs)', () => {
    const snowflake = tables(readRepoFile('sql', 'media', 'setup', '01_setup.sql'));
    const local = tables(readRepoFile('src', 'scenario', 'media', 'ingest', 'raw_tables.sql'));
    expect(Object.keys(local).sort()).toEqual(
      expect.arrayContaining(['LOAD_ERRORS', 'LOAD_HISTORY', 'RAW_CONTENT_ENGAGEMENT', 'RAW_SUBSCRIBER_EVENTS', 'RAW_SUPPORT_INTERACTIONS']),
    );
    for (const table of Object.keys(local)) expect(snowflake[table], table).toEqual(local[table]);
  });

  it('media staging: sql/media/setup/03_staging.sql and src/scenario/media/ingest/staging_tables.sql (columns, types, NOT NULLs)', () => {
    const snowflake = tables(readRepoFile('sql', 'media', 'setup', '03_staging.sql'));
    const local = tables(readRepoFile('src', 'scenario', 'media', 'ingest', 'staging_tables.sql'));
    expect(Object.keys(local)).toEqual(['STG_CONTENT_ENGAGEMENT']);
    expect(local.STG_CONTENT_ENGAGEMENT!.length).toBeGreaterThan(10);
    expect(snowflake.STG_CONTENT_ENGAGEMENT).toEqual(local.STG_CONTENT_ENGAGEMENT);
  });
});
