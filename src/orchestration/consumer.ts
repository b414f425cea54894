import { UserError } from '../core/errors.js';

/**
 * The share consumer's view of the world. A query is parsed by DuckDB (json_serialize_sql, in a
 * private in-memory instance, so the check is the same whichever backend runs the query), every
 * relation it references - in FROM, joins, subqueries, CTE bodies, set operations - is collected
 * with CTE scoping, and anything that is not a granted secure view is refused with Snowflake's
 * wording. Table functions (read_csv, query_table, duckdb_tables, ...) and file paths are refused
 * too: a consumer sees the share's views and nothing else.
 */

export interface GrantedView {
  database: string;
  schema: string;
  name: string;
}

export interface RelationRef {
  catalog: string;
  schema: string;
  table: string;
}

export interface ConsumerCheck {
  /** Granted views the query reads, qualified. */
  views: string[];
}

/** from_table node types that hold no relation of their own (their children are walked). */
const NEUTRAL_FROM = new Set(['JOIN', 'SUBQUERY', 'EMPTY', 'EXPRESSION_LIST', 'PIVOT']);
/** Scalar functions that reach outside the shared data. */
const BLOCKED_FUNCTIONS = /^(getenv|current_setting|nextval|currval|setval|read_text|read_blob|glob|query|query_table|pg_.*|duckdb_.*|pragma_.*|sqlite_.*)$/i;

const DML =
  /^\s*(?:\(\s*)*(INSERT|UPDATE|DELETE|MERGE|UPSERT|TRUNCATE|CREATE|DROP|ALTER|COPY|PUT|GET|REMOVE|GRANT|REVOKE|ATTACH|DETACH|INSTALL|LOAD|EXPORT|IMPORT|CALL|EXECUTE|SET|RESET|USE|PRAGMA|CHECKPOINT|VACUUM|BEGIN|COMMIT|ROLLBACK|UNDROP|LIST|LS)\b/i;

type ParserConnection = { runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }> };
let parser: Promise<ParserConnection> | undefined;

async function parserConnection(): Promise<ParserConnection> {
  parser ??= (async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    return instance.connect();
  })();
  return parser;
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
}

export function notAuthorized(name: string): UserError {
  return new UserError(`SQL compilation error: Object '${name}' does not exist or not authorized.`);
}

interface Walk {
  refs: (RelationRef & { cteScope: boolean })[];
  refused: string[];
}

/** ASCII-only upper case, as identifiers compare: `toUpperCase` would fold some non-ASCII letters onto ASCII ones. */
function upper(value: unknown): string {
  return typeof value === 'string' ? value.replace(/[a-z]+/g, (letters) => letters.toUpperCase()) : '';
}

function walk(node: unknown, scope: Set<string>, out: Walk): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, scope, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  const cteMap = (obj.cte_map as { map?: { key: string; value: { query?: { node?: { type?: string } } } }[] } | undefined)?.map;
  let inner = scope;
  if (cteMap && cteMap.length > 0) {
    inner = new Set(scope);
    for (const entry of cteMap) {
      // A CTE body sees the CTEs defined before it; only a recursive CTE also sees itself.
      const bodyScope = new Set(inner);
      if (entry.value.query?.node?.type === 'RECURSIVE_CTE_NODE') bodyScope.add(upper(entry.key));
      walk(entry.value, bodyScope, out);
      inner.add(upper(entry.key));
    }
  }
  if (obj.type === 'BASE_TABLE' && typeof obj.table_name === 'string') {
    const ref = { catalog: upper(obj.catalog_name), schema: upper(obj.schema_name), table: upper(obj.table_name) };
    out.refs.push({ ...ref, cteScope: !ref.catalog && !ref.schema && inner.has(ref.table) });
  } else if (typeof obj.type === 'string' && 'alias' in obj && 'sample' in obj && !NEUTRAL_FROM.has(obj.type) && obj.type !== 'BASE_TABLE') {
    // Any other kind of FROM item: table functions, SHOW/DESCRIBE, ...
    const fn = (obj.function as { function_name?: string } | undefined)?.function_name;
    out.refused.push(fn ? `${fn}()` : obj.type);
  }
  if (obj.class === 'FUNCTION' && typeof obj.function_name === 'string' && BLOCKED_FUNCTIONS.test(obj.function_name)) {
    out.refused.push(`${obj.function_name}()`);
  }
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'cte_map') continue;
    walk(value, inner, out);
  }
}

/**
 * Parses `sql` and returns the relations it references, or throws UserError (exit 2) for
 * anything that is not one SELECT.
 */
export async function referencedRelations(sql: string): Promise<Walk> {
  const text = sql.trim().replace(/;\s*$/, '');
  if (!text) throw new UserError('share query needs a SELECT statement');
  const dml = DML.exec(stripComments(text));
  if (dml) {
    throw new UserError(
      `SQL access control error: Insufficient privileges to operate on the shared database: the consumer of a share can only SELECT (${dml[1]!.toUpperCase()} refused).`,
    );
  }
  const connection = await parserConnection();
  const escaped = text.replace(/'/g, "''");
  const result = await connection.runAndReadAll(`SELECT json_serialize_sql('${escaped}') AS j`);
  const parsed = JSON.parse(String(result.getRowObjectsJS()[0]!.j)) as { error: boolean; error_message?: string; statements?: unknown[] };
  if (parsed.error) {
    const message = parsed.error_message ?? 'cannot parse the statement';
    if (/Only SELECT statements/i.test(message)) {
      throw new UserError('SQL access control error: Insufficient privileges to operate on the shared database: the consumer of a share can only SELECT.');
    }
    throw new UserError(`SQL compilation error: ${message.split('\n')[0]}`);
  }
  const count = parsed.statements?.length ?? 0;
  if (count !== 1) throw new UserError(`Actual statement count ${count} did not match the desired statement count 1.`);
  const out: Walk = { refs: [], refused: [] };
  walk(parsed.statements, new Set(), out);
  return out;
}

/**
 * Checks a consumer query against the granted views. `otherRelations` are the names (upper-case,
 * unqualified) of every relation of the provider's warehouse: a CTE that shadows one of them is
 * treated as a reference to it, so CTE scoping can never smuggle a table in.
 */
export async function checkConsumerQuery(sql: string, granted: GrantedView[], otherRelations: Set<string> = new Set()): Promise<ConsumerCheck> {
  const walked = await referencedRelations(sql);
  if (walked.refused.length > 0) throw notAuthorized(walked.refused[0]!.toUpperCase());
  const views = new Set<string>();
  for (const ref of walked.refs) {
    if (ref.cteScope && !otherRelations.has(ref.table)) continue;
    const match = granted.find(
      (g) => g.name === ref.table && (ref.schema === '' || ref.schema === g.schema) && (ref.catalog === '' || ref.catalog === g.database),
    );
    if (!match) throw notAuthorized([ref.catalog, ref.schema, ref.table].filter(Boolean).join('.'));
    views.add(`${match.database}.${match.schema}.${match.name}`);
  }
  return { views: [...views] };
}
