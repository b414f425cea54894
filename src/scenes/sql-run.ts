import type { QueryResult, Row, SqlValue } from '../backends/backend.js';
import { SceneUnavailableError, type ActionContext } from './types.js';

/** Snowflake answers in UPPER case, DuckDB as written: scenes read lower-case keys. */
export function lowerKeys(result: QueryResult): { columns: string[]; rows: Row[] } {
  const columns = result.columns.map((c) => c.toLowerCase());
  const rows = result.rows.map((r) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) out[k.toLowerCase()] = v;
    return out;
  });
  return { columns, rows };
}

/** Turns "table does not exist" into a message a presenter can act on. */
export function explainSqlError(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const missing = /Table with name (\S+) does not exist|Catalog Error: Table .*?(\S+) does not exist|Object '([^']+)' does not exist|does not exist or not authorized/i.exec(message);
  if (missing) {
    const name = (missing[1] ?? missing[2] ?? missing[3] ?? '').replace(/[!"]/g, '');
    return new SceneUnavailableError(`${name ? `${name} does not exist` : 'a table this scene reads does not exist'} in this warehouse yet (build it with \`c360-demo pipeline\`)`);
  }
  return err instanceof Error ? err : new Error(message);
}

/** Runs one of the scene's SQL files (by name) and records it for the SQL view. */
export async function runSceneSql(ctx: ActionContext, name: string): Promise<{ columns: string[]; rows: Row[] }> {
  const sql = ctx.sqlFiles[name];
  if (sql === undefined) throw new Error(`the scene does not list ${name} in its front matter (sql:)`);
  return runSql(ctx, name, sql);
}

/** Runs SQL and records it (label, text, timing, rows). */
export async function runSql(ctx: ActionContext, label: string, sql: string): Promise<{ columns: string[]; rows: Row[] }> {
  const started = performance.now();
  let result: QueryResult;
  try {
    result = await ctx.backend.query(sql, { signal: ctx.signal });
  } catch (err) {
    ctx.recordSql({ label: `${label} (failed)`, sql, ms: Math.round(performance.now() - started) });
    throw explainSqlError(err);
  }
  ctx.recordSql({ label, sql, ms: Math.round(result.elapsedMs), rows: result.rows.length });
  return lowerKeys(result);
}

export function num(value: SqlValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return Number.NaN;
}

export function str(value: SqlValue | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Makes any value JSON-safe and flat enough for a table cell. */
export function cell(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map((v) => str(cell(v))).join(', ');
  return JSON.stringify(value);
}

/** Rows (any objects) as a table block's columns + rows, keys lower-cased. */
export function toTable(items: unknown[], columns?: string[]): { columns: string[]; rows: Row[] } {
  const rows: Row[] = items.map((item) => {
    const out: Row = {};
    for (const [k, v] of Object.entries((item ?? {}) as Record<string, unknown>)) out[k.toLowerCase()] = cell(v);
    return out;
  });
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return { columns: cols, rows: rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? null]))) };
}
