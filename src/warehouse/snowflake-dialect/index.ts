import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { ExitCode, UserError } from '../../core/errors.js';
import { renderSqlFile } from '../../util/sql-template.js';
import { prepareReadOnly } from '../read-only.js';
import { EMULATION_SCHEMA, type EmulatedObjects } from './objects.js';
import { readsTheSame, showStatement, SnowflakeSyntaxError, streamMacros, translateSnowflake, unsupported } from './translate.js';

export type { EmulatedObjects } from './objects.js';

/** The role the emulated objects are shown as owned by (sql/orchestration/pipeline_tasks.sql uses it). */
const OWNER_ROLE = 'C360_ENGINEER';

export interface DialectSession {
  objects: EmulatedObjects | undefined;
  duckdbKeywords: Set<string>;
  /** Whether the emulation's tables were there to define TASK_HISTORY, SHOW SHARES … on. */
  emulation: boolean;
}

function sqlValue(value: string | null | undefined): string {
  return value === null || value === undefined ? 'NULL' : `'${value.replace(/'/g, "''")}'`;
}

const dialectFile = (name: string) => ['src', 'warehouse', 'snowflake-dialect', name] as const;

/**
 * Readies a connection that runs typed SQL for Snowflake's dialect: the current schema and search
 * path Snowflake's session would have (so `v_data_quality_dashboard` resolves unqualified), the
 * macros the translation calls, and the monitoring objects over the emulation's tables. Only
 * temporary objects and session settings: nothing is written to the warehouse.
 */
export async function prepareDialectSession(
  connection: DuckDBConnection,
  database: string,
  /** The schemas an unqualified name is looked up in, in order: the current schema, then the path. */
  searchSchemas: readonly string[],
  emulatedObjects?: () => EmulatedObjects | Promise<EmulatedObjects>,
): Promise<DialectSession> {
  const objects = await emulatedObjects?.();
  const schemas = await connection.runAndReadAll(`SELECT upper(schema_name) AS s FROM information_schema.schemata WHERE catalog_name = '${database}'`);
  const present = new Set(schemas.getRows().map((r) => String(r[0])));
  const path = searchSchemas.filter((s) => present.has(s));
  if (path.length > 0) {
    await connection.run(`USE ${database}.${path[0]}`);
    await connection.run(`SET search_path = '${path.map((s) => `${database}.${s}`).join(',')}'`);
  }
  await connection.run(renderSqlFile(dialectFile('session_functions.sql'), {}));
  let emulation = present.has(EMULATION_SCHEMA);
  if (emulation) {
    const quoted = {
      tasks: (objects?.tasks ?? []).map((t) => ({
        name: sqlValue(t.name),
        schema: sqlValue(t.schema),
        warehouse: sqlValue(t.warehouse),
        schedule: sqlValue(t.schedule),
        predecessors: sqlValue(JSON.stringify(t.predecessors.map((p) => `${objects!.database}.${t.schema}.${p}`))),
        condition: sqlValue(t.condition),
        definition: sqlValue(t.definition),
        comment: sqlValue(t.comment),
      })),
      streams: (objects?.streams ?? []).map((s) => ({
        name: sqlValue(s.name),
        schema: sqlValue(s.schema),
        sourceTable: sqlValue(s.sourceTable),
        comment: sqlValue(s.comment),
      })),
      dbtProjects: (objects?.dbtProjects ?? []).map((p) => ({
        name: sqlValue(p.name),
        schema: sqlValue(p.schema),
        comment: sqlValue(p.comment),
        defaultTarget: sqlValue(p.defaultTarget),
        createdOn: sqlValue(p.createdOn),
      })),
    };
    // A warehouse whose emulation tables predate these columns answers everything else still.
    emulation = await connection
      .run(renderSqlFile(dialectFile('session_emulation.sql'), { database, schema: EMULATION_SCHEMA, role: OWNER_ROLE, ...quoted }))
      .then(
        () => true,
        () => false,
      );
    for (const stream of objects?.streams ?? []) {
      const sql = renderSqlFile(dialectFile('session_stream.sql'), {
        ...streamMacros(stream.name),
        database,
        schema: EMULATION_SCHEMA,
        source: stream.sourceTable,
        key: stream.key,
        stream: stream.name,
      });
      // A warehouse without the stream's source table (no bronze layer yet) has no stream to show.
      await connection.run(sql).catch(() => undefined);
    }
  }
  const keywords = await connection.runAndReadAll('SELECT upper(keyword_name) FROM duckdb_keywords()');
  return { objects, emulation, duckdbKeywords: new Set(keywords.getRows().map((r) => String(r[0]))) };
}

function duckdbParses(connection: DuckDBConnection, sql: string): Promise<boolean> {
  return connection.extractStatements(sql).then(
    () => true,
    () => false,
  );
}

function isSyntaxError(err: unknown): boolean {
  return err instanceof UserError && /^syntax error/i.test(err.message);
}

/** A function DuckDB does not have, named the way the person typed it. */
function explainMissing(err: unknown): unknown {
  const message = err instanceof Error ? err.message : String(err);
  const missing = /(?:Scalar|Table|Aggregate) Function with name "?([\w$]+)"? does not exist/i.exec(message)?.[1];
  if (missing && !missing.toLowerCase().startsWith('c360_')) return unsupported(`the function ${missing.toUpperCase()}`);
  if (missing)
    return new UserError('this statement needs the local emulation, which this warehouse has not set up yet (run c360-demo pipeline)', ExitCode.badInput);
  return err;
}

/**
 * The one way a typed statement reaches the local warehouse: SHOW of an emulated object, a
 * statement DuckDB reads as Snowflake does, or the translation; then the read-only guard on the
 * statement that will actually run. A statement neither grammar reads is a syntax error with its
 * position; a Snowflake construct with no local equivalent is named.
 */
export async function prepareTypedQuery(connection: DuckDBConnection, sql: string, session: DialectSession): Promise<DuckDBPreparedStatement> {
  if (sql.trim() === '') throw new UserError('empty query', ExitCode.badInput);
  const show = showStatement(sql);
  if (show) {
    if (!session.emulation)
      throw new UserError('SHOW of tasks, streams, shares and dbt projects needs the local emulation (run c360-demo pipeline first)', ExitCode.badInput);
    if (!session.objects && !/c360_show_shares/.test(show))
      throw unsupported(`${sql.trim().split(/\s+/).slice(0, 3).join(' ')} in a session opened without the emulated objects`);
    return prepareReadOnly(connection, show);
  }
  const fast = readsTheSame(sql, { duckdbKeywords: session.duckdbKeywords, rewrittenNames: new Set(session.objects?.streams.map((s) => s.name)) });
  if (fast) {
    try {
      return await prepareReadOnly(connection, sql);
    } catch (err) {
      if (!isSyntaxError(err)) throw err;
    }
  }
  // EXPLAIN of a Snowflake query: the query is translated, the guard judges `EXPLAIN <translation>`.
  const explain = /^\s*EXPLAIN\s+(?!ANALY[SZ]E\b)(?!\()/i.exec(sql);
  let translated: string | undefined;
  try {
    const body = explain ? sql.slice(explain[0].length) : sql;
    const query = await translateSnowflake(body, session.objects);
    translated = query === undefined ? undefined : `${explain ? 'EXPLAIN ' : ''}${query}`;
  } catch (err) {
    if (!(err instanceof SnowflakeSyntaxError)) throw err;
    // DuckDB's own spellings (FROM-first, SUMMARIZE …) and what the guard refuses read as typed.
    if (!(await duckdbParses(connection, sql))) throw err;
  }
  if (translated === undefined) return prepareReadOnly(connection, sql);
  try {
    return await prepareReadOnly(connection, translated);
  } catch (err) {
    // A DuckDB statement the transpiler misread (EXPLAIN ANALYZE …) is the guard's to judge as typed.
    if (isSyntaxError(err) && (await duckdbParses(connection, sql))) return prepareReadOnly(connection, sql);
    throw explainMissing(err);
  }
}
