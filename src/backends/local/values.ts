import type { DuckDBType } from '@duckdb/node-api';
import type { SqlValue } from '../backend.js';

/**
 * DuckDB hands back bigint, Date and nested values; the rest of the app (and JSON output) wants
 * plain numbers and strings, the way the Snowflake driver returns them.
 */
export function toSqlValue(value: unknown, type?: DuckDBType): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Date) {
    const iso = value.toISOString();
    return type?.toString() === 'DATE'
      ? iso.slice(0, 10)
      : iso
          .replace('T', ' ')
          .replace(/\.000Z$/, '')
          .replace('Z', '');
  }
  if (Array.isArray(value)) return value.map((v) => toSqlValue(v));
  if (typeof value === 'object') {
    const out: Record<string, SqlValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toSqlValue(v);
    return out;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}
