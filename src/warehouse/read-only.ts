import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { ExitCode, UserError } from '../core/errors.js';
import { isKeyword, splitStatements, tokenize, type Token } from '../util/sql-split.js';

/**
 * The guard for SQL a person types (`c360-demo sql`, `share query`, the presenter's prompt).
 *
 * On DuckDB the text is parsed once by DuckDB itself and the one statement it extracted is the one
 * that runs, so no comment, quote or second statement can differ between what is checked and what
 * is executed. The connection it runs on is read-only by construction as well (see
 * `sealConnection`): this check is the first line, not the only one.
 */

const ALLOWED = 'only one read-only query is allowed (SELECT, WITH, VALUES, FROM, SHOW, DESCRIBE, SUMMARIZE, or EXPLAIN of a query)';

/** DuckDB's StatementType numbering (duckdb.h): the two kinds a read-only query can be. */
const DUCKDB_SELECT = 1;
const DUCKDB_EXPLAIN = 4;

function refused(what: string): UserError {
  return new UserError(`${ALLOWED}; ${what} refused`, ExitCode.badInput);
}

/**
 * Where DuckDB says the problem is, from the "LINE n: ..." line and the caret under it it adds to
 * parser and binder errors: " (line 1, column 12)", or "" when it gives none.
 */
export function errorPosition(message: string): string {
  const lines = message.split('\n');
  const at = lines.findIndex((l) => /^LINE \d+: /.test(l));
  if (at < 0) return '';
  const prefix = /^LINE (\d+): /.exec(lines[at]!)!;
  const caret = lines[at + 1]?.indexOf('^') ?? -1;
  return caret >= prefix[0].length ? ` (line ${prefix[1]}, column ${caret - prefix[0].length + 1})` : ` (line ${prefix[1]})`;
}

/** DuckDB's parser message, as one line: "syntax error at or near "month" (line 1, column 31)". */
export function syntaxError(err: unknown): UserError {
  const full = err instanceof Error ? err.message : String(err);
  const message = full.split('\n')[0]!;
  const detail = message.replace(/^Failed to extract statements:\s*/, '').replace(/^Parser Error:\s*/, '');
  return new UserError(`${/^syntax error/i.test(detail) ? detail : `syntax error: ${detail}`}${errorPosition(full)}`, ExitCode.badInput);
}

/** True when DuckDB parses `text` as exactly one SELECT statement (SHOW/DESCRIBE/SUMMARIZE included; PRAGMA is not). */
async function isPlainQuery(connection: DuckDBConnection, text: string): Promise<boolean> {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS ast', [text]);
  const ast = JSON.parse(String(reader.getRows()[0]?.[0] ?? '{}')) as { error?: boolean; statements?: unknown[] };
  return !ast.error && ast.statements?.length === 1;
}

/** The first token that is not a comment, and the text after it. */
function afterFirstWord(text: string): { first: Token | undefined; rest: string; next: Token | undefined } {
  const tokens = tokenize(text);
  const first = tokens[0];
  return { first, next: tokens[1], rest: first ? text.slice(first.end) : '' };
}

/**
 * Checks `sql` and returns the prepared statement to run: exactly one statement, and that one a
 * plain query or a plain EXPLAIN of one. EXPLAIN ANALYZE executes its statement, so it is refused;
 * for EXPLAIN the query is checked on its own and `EXPLAIN <checked query>` is what gets prepared.
 */
export async function prepareReadOnly(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  if (sql.trim() === '') throw new UserError('empty query', ExitCode.badInput);
  let extracted;
  try {
    extracted = await connection.extractStatements(sql);
  } catch (err) {
    throw syntaxError(err);
  }
  if (extracted.count === 0) throw new UserError('empty query', ExitCode.badInput);
  if (extracted.count > 1) throw refused(`${extracted.count} statements`);
  let prepared: DuckDBPreparedStatement;
  try {
    prepared = await extracted.prepare(0);
  } catch (err) {
    const full = err instanceof Error ? err.message : String(err);
    throw new UserError(`query failed: ${full.split('\n')[0]}${errorPosition(full)}`, ExitCode.badInput);
  }
  const type = prepared.statementType as number;
  if (type === DUCKDB_SELECT) {
    if (!(await isPlainQuery(connection, sql))) throw refused('a statement that is not a query (e.g. PRAGMA)');
    return prepared;
  }
  if (type === DUCKDB_EXPLAIN) {
    prepared.destroySync();
    const { first, next, rest } = afterFirstWord(sql);
    if (!isKeyword(first, 'EXPLAIN')) throw refused('EXPLAIN written in an unusual form');
    if (isKeyword(next, 'ANALYZE', 'ANALYSE') || (next?.kind === 'punct' && next.value === '(')) throw refused('EXPLAIN ANALYZE (it executes its statement)');
    if (!(await isPlainQuery(connection, rest))) throw refused('EXPLAIN of a statement that is not a query');
    return connection.prepare(`EXPLAIN ${rest}`);
  }
  prepared.destroySync();
  throw refused(`a ${statementTypeName(type)} statement`);
}

const TYPE_NAMES: Record<number, string> = {
  2: 'INSERT',
  3: 'UPDATE',
  5: 'DELETE',
  6: 'PREPARE',
  7: 'CREATE',
  8: 'EXECUTE',
  9: 'ALTER',
  10: 'TRANSACTION',
  11: 'COPY',
  12: 'ANALYZE',
  13: 'SET VARIABLE',
  14: 'CREATE FUNCTION',
  15: 'DROP',
  16: 'EXPORT',
  17: 'PRAGMA',
  18: 'VACUUM',
  19: 'CALL',
  20: 'SET',
  21: 'LOAD/INSTALL',
  25: 'ATTACH',
  26: 'DETACH',
  27: 'MULTI',
};

function statementTypeName(type: number): string {
  return TYPE_NAMES[type] ?? `type ${type}`;
}

/**
 * Makes a DuckDB connection unable to write or reach outside: no file access (so no ATTACH,
 * COPY TO, EXPORT, INSTALL, file readers), no extension auto-loading, and the configuration locked
 * so a statement cannot switch any of it back. The warehouse must already be attached READ_ONLY.
 */
export async function sealConnection(connection: DuckDBConnection): Promise<void> {
  await connection.run('SET autoinstall_known_extensions = false');
  await connection.run('SET autoload_known_extensions = false');
  await connection.run('SET enable_external_access = false');
  await connection.run('SET lock_configuration = true');
}

/**
 * Snowflake system functions that only read. Any other `SYSTEM$` call (SYSTEM$TASK_DEPENDENTS_ENABLE,
 * SYSTEM$CANCEL_QUERY, SYSTEM$ABORT_SESSION, ...) changes state and is refused in a read-only query.
 */
export const READ_ONLY_SYSTEM_FUNCTIONS = new Set([
  'SYSTEM$STREAM_HAS_DATA',
  'SYSTEM$STREAM_GET_TABLE_TIMESTAMP',
  'SYSTEM$CLUSTERING_INFORMATION',
  'SYSTEM$CLUSTERING_DEPTH',
  'SYSTEM$EXPLAIN_PLAN_JSON',
  'SYSTEM$EXPLAIN_JSON_TO_TEXT',
  'SYSTEM$GET_PREDECESSOR_RETURN_VALUE',
  'SYSTEM$CURRENT_USER_TASK_NAME',
  'SYSTEM$TASK_RUNTIME_INFO',
  'SYSTEM$PIPE_STATUS',
  'SYSTEM$TYPEOF',
  'SYSTEM$WHITELIST',
  'SYSTEM$ALLOWLIST',
  'SYSTEM$GET_TAG',
  'SYSTEM$GET_TAG_ALLOWED_VALUES',
  'SYSTEM$GET_SNOWFLAKE_PLATFORM_INFO',
  'SYSTEM$BEHAVIOR_CHANGE_BUNDLE_STATUS',
  'SYSTEM$SHOW_OAUTH_CLIENT_SECRETS',
]);
// Listing OAuth secrets reads, but it prints credentials: not for a query typed in front of a panel.
READ_ONLY_SYSTEM_FUNCTIONS.delete('SYSTEM$SHOW_OAUTH_CLIENT_SECRETS');

const SNOWFLAKE_QUERY_START = new Set(['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'VALUES', 'LIST', 'LS']);
/** Keywords that write or change the session wherever they stand outside a string. */
const SNOWFLAKE_WRITES = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'TRUNCATE',
  'CREATE',
  'DROP',
  'ALTER',
  'UNDROP',
  'COPY',
  'PUT',
  'GET',
  'REMOVE',
  'RM',
  'GRANT',
  'REVOKE',
  'CALL',
  'EXECUTE',
  'USE',
  'SET',
  'UNSET',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
]);

/**
 * The same rule for Snowflake, where no local parser exists: one statement, starting as a query,
 * no writing keyword outside strings and quoted names, and only read-only SYSTEM$ functions.
 * The driver's MULTI_STATEMENT_COUNT of 1 refuses a second statement on the server too.
 */
export function assertSnowflakeReadOnly(sql: string): string {
  const statements = splitStatements(sql);
  if (statements.length === 0) throw new UserError('empty query', ExitCode.badInput);
  if (statements.length > 1) throw refused(`${statements.length} statements`);
  const text = statements[0]!.text;
  const tokens = tokenize(text);
  const first = tokens[0]?.value.toUpperCase() ?? '';
  if (!SNOWFLAKE_QUERY_START.has(first)) throw refused(`a ${first} statement`);
  if (first === 'EXPLAIN' && isKeyword(tokens[1], 'ANALYZE')) throw refused('EXPLAIN ANALYZE');
  for (const [i, token] of tokens.entries()) {
    if (token.kind !== 'word' && token.kind !== 'quoted') continue;
    const word = token.value.toUpperCase();
    if (token.kind === 'word' && SNOWFLAKE_WRITES.has(word) && !isNameOrFunction(tokens, i)) throw refused(word);
    const fn = word.split('.').pop()!;
    if (fn.startsWith('SYSTEM$') && !READ_ONLY_SYSTEM_FUNCTIONS.has(fn)) throw refused(`${fn} (it changes state; read-only system functions are allowed)`);
  }
  return text;
}

/** `t.set` and `AS update` are names, and `INSERT(s, 1, 2, 'x')`, `TRUNCATE(n)`, `GET(arr, 0)` are functions, not statements. */
function isNameOrFunction(tokens: Token[], i: number): boolean {
  const previous = tokens[i - 1];
  const next = tokens[i + 1];
  return (
    tokens[i]!.value.includes('.') ||
    (previous?.kind === 'punct' && previous.value === '.') ||
    isKeyword(previous, 'AS') ||
    (next?.kind === 'punct' && next.value === '(')
  );
}
