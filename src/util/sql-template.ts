import nunjucks from 'nunjucks';
import { readRepoFile } from './paths.js';

// One environment for every SQL template: no HTML escaping, and a variable the caller forgot is an
// error rather than an empty string that would still parse as SQL.
const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });

/** Renders a SQL template (Jinja syntax) with `context`; throws when it uses an undefined variable. */
export function renderSql(template: string, context: Record<string, unknown>): string {
  return env.renderString(template, context);
}

/** Renders a SQL template shipped with the package, e.g. renderSqlFile(['src', 'telemetry', 'x.sql'], {...}). */
export function renderSqlFile(parts: readonly string[], context: Record<string, unknown>): string {
  return renderSql(readRepoFile(...parts), context);
}

/** A value as a SQL literal: numbers as written, strings single-quoted with quotes doubled. */
export function sqlLiteral(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`;
}
