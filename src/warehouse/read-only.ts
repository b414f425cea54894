import { DuckDBInstance } from '@duckdb/node-api';
import { ExitCode, UserError } from '../core/errors.js';

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').trim();
}

/**
 * Refuses anything but one read-only statement, using DuckDB's own parser rather than keyword
 * matching: json_serialize_sql only accepts SELECT statements, so INSERT, DROP, COPY, a second
 * statement after a semicolon, or a CTE hiding DML are all refused.
 */
export async function assertReadOnly(sql: string): Promise<void> {
  const text = stripComments(sql).replace(/;\s*$/, '');
  if (text === '') throw new UserError('empty query', ExitCode.badInput);
  if (/^(show|describe|desc|explain)\b/i.test(text) && !text.includes(';')) return;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT json_serialize_sql($1::VARCHAR) AS ast`, [text]);
    const ast = JSON.parse(String(reader.getRows()[0]?.[0] ?? '{}')) as { error?: boolean; error_message?: string; statements?: unknown[] };
    if (ast.error || (ast.statements?.length ?? 0) !== 1) {
      const reason = ast.error_message && !/Only SELECT/i.test(ast.error_message) ? `: ${ast.error_message}` : '';
      throw new UserError(`only one read-only statement (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN) is allowed${reason}`, ExitCode.badInput);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
