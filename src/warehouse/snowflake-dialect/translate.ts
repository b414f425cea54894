import v8 from 'node:v8';
import { ExitCode, UserError } from '../../core/errors.js';
import { isKeyword, tokenize, type Token } from '../../util/sql-split.js';
import { READ_ONLY_SYSTEM_FUNCTIONS } from '../read-only.js';
import { dateFormat, isNumberFormat } from './formats.js';
import type { EmulatedObjects } from './objects.js';

/**
 * Snowflake SQL typed by a person, made into DuckDB SQL with the same meaning.
 *
 * The statement is parsed with Snowflake's grammar by `@polyglot-sql/sdk` (a WebAssembly build of
 * a sqlglot-style transpiler), its AST corrected where the transpiler's DuckDB output would differ
 * from Snowflake (0-based arrays, DATEDIFF on timestamps, format models, SAMPLE in percent, the
 * monitoring table functions and streams the local emulation answers), and then transpiled.
 * The 24 MB module is loaded once per process, and only for a statement that needs it: one that
 * DuckDB reads the same way (plain names, common functions, no Snowflake-only syntax) skips it.
 * The list of what is translated, with the values Snowflake documents, is docs/snowflake-dialect.md.
 */

/** Thrown when the transpiler cannot parse the statement: the guard then decides between this and DuckDB's reading. */
export class SnowflakeSyntaxError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.badInput);
  }
}

/** DuckDB's wording, so that both grammars report alike: `syntax error at or near "y" (line 1, column 14)`. */
function syntaxErrorAt(sql: string, start: number | undefined, end: number | undefined, detail: string): SnowflakeSyntaxError {
  if (start === undefined) return new SnowflakeSyntaxError(`syntax error: ${detail}`);
  // The parser counts Unicode code points; Array.from walks them the same way.
  const points = Array.from(sql);
  const before = points.slice(0, start).join('').split('\n');
  const token = points.slice(start, Math.max(end ?? start + 1, start + 1)).join('');
  return new SnowflakeSyntaxError(`syntax error at or near "${token}" (line ${before.length}, column ${before[before.length - 1]!.length + 1})`);
}

/** Named in every refusal of an unsupported construct, so a presenter knows what does work. */
const SUPPORTED_HINT = 'QUALIFY, ILIKE ANY, SAMPLE, IFF, DATEADD/DATEDIFF, `:` paths and the rest of docs/snowflake-dialect.md are supported';

export function unsupported(construct: string): UserError {
  return new UserError(`${construct} is not supported locally (${SUPPORTED_HINT})`, ExitCode.badInput);
}

// ---------------------------------------------------------------------------------------------
// The fast path: statements DuckDB reads exactly as Snowflake does.

/** Keywords whose meaning is the same in both dialects. */
const SAME_KEYWORDS = new Set(
  (
    'SELECT FROM WHERE GROUP BY ORDER HAVING LIMIT OFFSET AS AND OR NOT IN IS NULL ASC DESC DISTINCT JOIN LEFT RIGHT INNER ' +
    'FULL OUTER CROSS ON USING CASE WHEN THEN ELSE END BETWEEN LIKE WITH UNION ALL INTERSECT EXCEPT TRUE FALSE EXISTS ' +
    'OVER PARTITION ROWS RANGE UNBOUNDED PRECEDING FOLLOWING CURRENT ROW NULLS FIRST LAST FILTER QUALIFY CAST ' +
    'VARCHAR INTEGER INT BIGINT DOUBLE FLOAT BOOLEAN DATE TIMESTAMP DECIMAL TEXT SHOW DESCRIBE EXPLAIN VALUES'
  ).split(' '),
);

/** Functions DuckDB spells and computes as Snowflake does (for the arguments people pass them). */
const SAME_FUNCTIONS = new Set(
  (
    'COUNT SUM AVG MIN MAX ROUND COALESCE UPPER LOWER ABS LENGTH TRIM LTRIM RTRIM REPLACE SUBSTR SUBSTRING CONCAT ' +
    'ROW_NUMBER RANK DENSE_RANK LAG LEAD FIRST_VALUE LAST_VALUE NTILE STDDEV VARIANCE MEDIAN NULLIF GREATEST LEAST ' +
    'FLOOR CEIL SQRT LN EXP POWER SIGN DATE_TRUNC EXTRACT YEAR MONTH DAY COUNT_IF ANY_VALUE CAST TRY_CAST EXISTS'
  ).split(' '),
);

export interface FastPathContext {
  /** DuckDB's keywords (`duckdb_keywords()`): a bare word among them may mean something else in Snowflake. */
  duckdbKeywords: ReadonlySet<string>;
  /** Names that the emulation rewrites (streams), upper-case. */
  rewrittenNames: ReadonlySet<string>;
}

/**
 * True when every token of `sql` means the same in both dialects: words that are keywords of
 * neither, or of both with one meaning; functions from a list that agree; no `[`, `:` or `$`.
 * A statement that passes is prepared by DuckDB as typed (and still translated if DuckDB cannot).
 */
export function readsTheSame(sql: string, context: FastPathContext): boolean {
  const tokens = tokenize(sql);
  for (const [i, token] of tokens.entries()) {
    if (token.kind === 'dollar') return false;
    if (token.kind === 'punct') {
      if (token.value === '[' || token.value === ':' || token.value === ']') return false;
      continue;
    }
    if (token.kind !== 'word') continue;
    const parts = token.value.toUpperCase().split('.');
    if (parts.some((part) => context.rewrittenNames.has(part) || part.includes('$'))) return false;
    const word = parts[parts.length - 1]!;
    const next = tokens[i + 1];
    if (next?.kind === 'punct' && next.value === '(') {
      if (!SAME_FUNCTIONS.has(word) && !SAME_KEYWORDS.has(word)) return false;
      continue;
    }
    if (parts.length === 1 && context.duckdbKeywords.has(word) && !SAME_KEYWORDS.has(word)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// SHOW statements of the emulated objects.

const SHOW_MACROS: Record<string, string> = {
  TASKS: 'c360_show_tasks',
  STREAMS: 'c360_show_streams',
  SHARES: 'c360_show_shares',
  'DBT PROJECTS': 'c360_show_dbt_projects',
};

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * `SHOW [TERSE] TASKS|STREAMS|SHARES|DBT PROJECTS [LIKE '…'] [IN …] [STARTS WITH '…'] [LIMIT n]` as a
 * query of the emulation's macros; undefined for any other statement.
 */
export function showStatement(sql: string): string | undefined {
  const tokens = tokenize(sql.replace(/;\s*$/, ''));
  if (!isKeyword(tokens[0], 'SHOW')) return undefined;
  let i = 1;
  if (isKeyword(tokens[i], 'TERSE')) i += 1;
  let kind: string | undefined;
  if (isKeyword(tokens[i], 'DBT') && isKeyword(tokens[i + 1], 'PROJECTS')) {
    kind = 'DBT PROJECTS';
    i += 2;
  } else if (isKeyword(tokens[i], 'TASKS', 'STREAMS', 'SHARES')) {
    kind = tokens[i]!.value.toUpperCase();
    i += 1;
  }
  if (!kind) return undefined;
  const where: string[] = [];
  let limit: string | undefined;
  const word = (t: Token | undefined) => (t?.kind === 'word' ? t.value.toUpperCase() : undefined);
  while (i < tokens.length) {
    const current = word(tokens[i]);
    if (current === 'LIKE' && tokens[i + 1]?.kind === 'string') {
      where.push(`name ILIKE ${quote(tokens[i + 1]!.value)}`);
      i += 2;
    } else if (current === 'IN') {
      const scope = word(tokens[i + 1]);
      if (scope === 'ACCOUNT') {
        i += 2;
      } else if (scope === 'DATABASE' || scope === 'SCHEMA') {
        const target = tokens[i + 2];
        if (target?.kind === 'word' || target?.kind === 'quoted') {
          const parts = target.value.toUpperCase().split('.');
          if (scope === 'DATABASE') where.push(`upper(database_name) = ${quote(parts[parts.length - 1]!)}`);
          else where.push(`upper(schema_name) = ${quote(parts[parts.length - 1]!)}`);
          if (scope === 'SCHEMA' && parts.length > 1) where.push(`upper(database_name) = ${quote(parts[parts.length - 2]!)}`);
          i += 3;
        } else {
          i += 2;
        }
      } else if (tokens[i + 1]?.kind === 'word') {
        const parts = tokens[i + 1]!.value.toUpperCase().split('.');
        where.push(`upper(schema_name) = ${quote(parts[parts.length - 1]!)}`);
        i += 2;
      } else {
        throw new SnowflakeSyntaxError(`syntax error: SHOW ${kind} IN needs ACCOUNT, DATABASE or SCHEMA`);
      }
    } else if (current === 'STARTS' && isKeyword(tokens[i + 1], 'WITH') && tokens[i + 2]?.kind === 'string') {
      where.push(`starts_with(name, ${quote(tokens[i + 2]!.value)})`);
      i += 3;
    } else if (current === 'LIMIT' && tokens[i + 1] && /^\d+$/.test(tokens[i + 1]!.value)) {
      limit = tokens[i + 1]!.value;
      i += 2;
    } else {
      throw new SnowflakeSyntaxError(`syntax error at or near "${tokens[i]!.value}" in SHOW ${kind}`);
    }
  }
  // Snowflake lists SHOW output by database, schema and name.
  const order = kind === 'SHARES' ? 'name' : 'database_name, schema_name, name';
  return `SELECT * FROM ${SHOW_MACROS[kind]}()${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}${limit ? ` LIMIT ${limit}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// The parser-based translation.

type Polyglot = typeof import('@polyglot-sql/sdk');
type Node = Record<string, unknown>;

let polyglot: Promise<Polyglot> | undefined;

/** The constructs people type most, so that the load compiles the parser paths they take. */
const WARM_UP =
  "SELECT IFF(a > 1, 'x', NULL) AS b, NVL(c, 0), NVL2(c, 1, 2), ZEROIFNULL(c), DIV0(a, c), DECODE(a, 1, 'one', 'other'), " +
  "TO_VARCHAR(d, 'YYYY'), TO_DATE('2024-01-01'), TRY_TO_NUMBER('1'), DATEADD(day, -1, d), DATEDIFF('hour', d, e), arr[0], " +
  "ARRAY_SIZE(ARRAY_CONSTRUCT(1)), OBJECT_CONSTRUCT('a', 1), v:a.b::STRING, COUNT(*) " +
  "FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(RESULT_LIMIT => 1)) t SAMPLE (10) WHERE c ILIKE ANY ('%d%') " +
  'GROUP BY 1 QUALIFY ROW_NUMBER() OVER (ORDER BY a) = 1 ORDER BY 1 LIMIT 1';

/**
 * Loads the transpiler (about half a second, once per process) and runs one statement through it:
 * the first translation compiles the WebAssembly paths it takes, which costs more than the load.
 *
 * V8 compiles the module's WebAssembly with its baseline compiler only. Its optimising tier
 * otherwise recompiles the 20 MB module's hot functions in the background after the first
 * statements: about 2 s of CPU taken from whatever else runs (the presenter's scenes, a pipeline),
 * for a translation that takes a millisecond either way (0.3 instead of 2.9 CPU s in all).
 */
export function loadTranslator(): Promise<Polyglot> {
  if (polyglot) return polyglot;
  v8.setFlagsFromString('--liftoff-only');
  polyglot = import('@polyglot-sql/sdk').then(async (module) => {
    await module.init();
    const parsed = module.parse(WARM_UP, module.Dialect.Snowflake);
    if (parsed.success) module.generate(parsed.ast, module.Dialect.Snowflake);
    module.transpile(WARM_UP, module.Dialect.Snowflake, module.Dialect.DuckDB, { unsupportedLevel: 'raise' });
    return module;
  });
  return polyglot;
}

/** The macro names the session defines for a stream (session_stream.sql). */
export function streamMacros(stream: string): { macro: string; hasData: string } {
  const id = stream.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return { macro: `c360_stream_${id}`, hasData: `c360_stream_has_data_${id}` };
}

const TABLE_FUNCTIONS: Record<string, string> = {
  TASK_HISTORY: 'C360_TASK_HISTORY',
  QUERY_HISTORY: 'C360_QUERY_HISTORY',
};

const NOT_EMULATED_TABLE_FUNCTIONS = new Set([
  'CURRENT_TASK_GRAPHS',
  'COMPLETE_TASK_GRAPHS',
  'QUERY_HISTORY_BY_SESSION',
  'QUERY_HISTORY_BY_USER',
  'QUERY_HISTORY_BY_WAREHOUSE',
  'WAREHOUSE_LOAD_HISTORY',
  'WAREHOUSE_METERING_HISTORY',
  'COPY_HISTORY',
  'LOGIN_HISTORY',
]);

interface Rewriter {
  pg: Polyglot;
  objects: EmulatedObjects | undefined;
}

function single(node: unknown): [string, Node] | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const value = (node as Node)[keys[0]!];
  return value && typeof value === 'object' && !Array.isArray(value) ? [keys[0]!, value as Node] : undefined;
}

function literal(node: unknown): { type: string; value: string } | undefined {
  const entry = single(node);
  if (entry?.[0] !== 'literal') return undefined;
  return { type: String(entry[1].literal_type), value: String(entry[1].value) };
}

function parseOrThrow(pg: Polyglot, sql: string): Node[] {
  const parsed = pg.parse(sql, pg.Dialect.Snowflake);
  if (!parsed.success) {
    throw syntaxErrorAt(sql, parsed.errorStart, parsed.errorEnd, parsed.error.replace(/^Parse error at line \d+, column \d+:\s*/, ''));
  }
  return parsed.ast;
}

/** An expression from a template; `__0`, `__1` … stand for the given nodes. */
function expression(pg: Polyglot, template: string, ...args: unknown[]): unknown {
  let parsed = templates.get(template);
  if (parsed === undefined) {
    const [statement] = parseOrThrow(pg, `SELECT ${template}`);
    parsed = ((statement!.select as Node).expressions as unknown[])[0];
    templates.set(template, parsed);
  }
  // substitute() builds new nodes, so the cached template is never changed.
  return substitute(parsed, args);
}

/** Parsed templates: a call into the WebAssembly parser costs more than the rewrite around it. */
const templates = new Map<string, unknown>();

function substitute(node: unknown, args: unknown[]): unknown {
  if (Array.isArray(node)) return node.map((n) => substitute(n, args));
  if (!node || typeof node !== 'object') return node;
  const entry = single(node);
  if (entry?.[0] === 'column') {
    const name = (entry[1].name as Node | undefined)?.name;
    const match = typeof name === 'string' ? /^__(\d+)$/.exec(name) : null;
    if (match) return args[Number(match[1])];
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substitute(v, args)]));
}

/** A FROM item calling one of the session's table macros, keeping the name it is referred to by. */
function tableMacro(pg: Polyglot, macro: string, alias: string): unknown {
  const [statement] = parseOrThrow(pg, `SELECT * FROM TABLE(${macro}()) AS "${alias.replace(/"/g, '""')}"`);
  return (((statement!.select as Node).from as Node).expressions as unknown[])[0];
}

function identifierName(node: unknown): string | undefined {
  const name = (node as Node | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

function findStream(objects: EmulatedObjects | undefined, qualified: string): EmulatedObjects['streams'][number] | undefined {
  const parts = qualified.toUpperCase().split('.');
  const name = parts[parts.length - 1]!;
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return objects?.streams.find((s) => s.name === name && (schema === undefined || s.schema === schema));
}

function rewriteNode(kind: string, body: Node, original: Node, rw: Rewriter): unknown {
  const { pg } = rw;
  switch (kind) {
    case 'date_diff': {
      // DATEDIFF counts boundaries crossed on timestamps; the transpiler casts both sides to DATE.
      const unit = typeof body.unit === 'string' ? body.unit.toLowerCase() : undefined;
      if (!unit) return original;
      return expression(pg, `C360_DATEDIFF('${unit}', __0, __1)`, body.expression, body.this);
    }
    case 'subscript': {
      // Snowflake arrays are 0-based, DuckDB's 1-based; a string subscript is an object key.
      const index = literal(body.index);
      if (index?.type === 'string') return original;
      const shifted =
        index?.type === 'number' && /^\d+$/.test(index.value)
          ? { literal: { literal_type: 'number', value: String(Number(index.value) + 1) } }
          : expression(pg, '(__0) + 1', body.index);
      return { subscript: { ...body, index: shifted } };
    }
    case 'to_number': {
      if (body.format) throw unsupported('TO_NUMBER / TRY_TO_NUMBER with a format model');
      const precision = literal(body.precision)?.value ?? '38';
      const scale = literal(body.scale)?.value ?? '0';
      const safe = JSON.stringify(body.safe ?? null).includes('true');
      return expression(pg, `${safe ? 'TRY_CAST' : 'CAST'}(__0 AS DECIMAL(${precision}, ${scale}))`, body.this);
    }
    case 'cast': {
      // `v:path::string` is the element's text: the JSON quotes go.
      const inner = single(body.this);
      const to = JSON.stringify(body.to ?? '').toLowerCase();
      if (inner?.[0] === 'j_s_o_n_extract' && /"(text|varchar|string|char)"/.test(to)) {
        const path = literal(inner[1].expression)?.value;
        if (path !== undefined)
          return expression(pg, `C360_JSON_TEXT(__0, '${(path.startsWith('[') ? '$' : '$.') + path.replace(/'/g, "''")}')`, inner[1].this);
      }
      return original;
    }
    case 'table': {
      const stream = rw.objects?.streams.length
        ? findStream(rw.objects, [identifierName(body.catalog), identifierName(body.schema), identifierName(body.name)].filter(Boolean).join('.'))
        : undefined;
      const sample = body.table_sample as Node | null | undefined;
      if (sample && !sample.unit_after_size && !sample.explicit_method) {
        // SAMPLE (n) is n percent of the rows, each row drawn on its own (BERNOULLI).
        body = { ...body, table_sample: { ...sample, is_percent: true, explicit_method: true, method: 'Bernoulli' } };
      } else if (sample?.unit_after_size) {
        // SAMPLE (n ROWS) is a fixed count: printed with a method, the transpiler reads it back as percent.
        body = { ...body, table_sample: { ...sample, suppress_method_output: true } };
      }
      if (!stream) return { table: body };
      if (sample) throw unsupported('SAMPLE on a stream');
      const alias = identifierName(body.alias) ?? identifierName(body.name)!;
      return tableMacro(pg, streamMacros(stream.name).macro, alias);
    }
    case 'method_call': {
      const method = identifierName(body.method)?.toUpperCase() ?? '';
      return tableFunction(method, body.args) ?? original;
    }
    case 'function': {
      const name = String(body.name).toUpperCase();
      const args = (body.args as unknown[] | undefined) ?? [];
      const asTable = tableFunction(name, args);
      if (asTable) return asTable;
      if (name === 'SYSTEM$STREAM_HAS_DATA') {
        const target = literal(args[0]);
        if (args.length !== 1 || target?.type !== 'string') throw unsupported('SYSTEM$STREAM_HAS_DATA without a quoted stream name');
        if (!rw.objects) throw unsupported('SYSTEM$STREAM_HAS_DATA in a session opened without the emulated objects');
        const stream = findStream(rw.objects, target.value);
        if (!stream) throw new UserError(`Stream '${target.value.toUpperCase()}' does not exist or not authorized.`, ExitCode.badInput);
        return expression(pg, `${streamMacros(stream.name).hasData.toUpperCase()}()`);
      }
      if (name.startsWith('SYSTEM$') && !READ_ONLY_SYSTEM_FUNCTIONS.has(name)) {
        throw new UserError(
          `only one read-only query is allowed; ${name} refused (it changes state; read-only system functions are allowed)`,
          ExitCode.badInput,
        );
      }
      if (name.startsWith('SYSTEM$')) throw unsupported(name);
      // The transpiler leaves ARRAY_CONSTRUCT as it is when it is an argument (ARRAY_SIZE(ARRAY_CONSTRUCT(…))).
      if (name === 'ARRAY_CONSTRUCT') return expression(pg, `[${args.map((_, i) => `__${i}`).join(', ')}]`, ...args);
      // Inside a table function's arguments the transpiler keeps CURRENT_TIMESTAMP(), which DuckDB does not read.
      if (name === 'CURRENT_TIMESTAMP' && args.length === 0) return expression(pg, 'C360_NOW()');
      if ((name === 'DATEADD' || name === 'TIMESTAMPADD' || name === 'TIMEADD') && args.length === 3) {
        const part = datePart(args[0]);
        if (!part) throw unsupported(`${name} with the date part ${JSON.stringify(args[0])}`);
        return expression(pg, `C360_DATEADD('${part}', __0, __1)`, args[1], args[2]);
      }
      if (name === 'TO_CHAR' || name === 'TO_VARCHAR') {
        if (args.length === 1) return expression(pg, 'CAST(__0 AS VARCHAR)', args[0]);
        const format = literal(args[1]);
        if (args.length !== 2 || format?.type !== 'string') throw unsupported(`${name} with a format that is not a quoted literal`);
        if (isNumberFormat(format.value)) throw unsupported(`${name} with the numeric format model '${format.value}'`);
        return expression(pg, `STRFTIME(__0, '${dateFormat(format.value).replace(/'/g, "''")}')`, args[0]);
      }
      return original;
    }
    default:
      return original;
  }
}

/** Snowflake's date part names and abbreviations (DATEADD 'dd', 'mm', hh …), quoted or not. */
const DATE_PARTS: Record<string, string> = {
  year: 'year',
  y: 'year',
  yy: 'year',
  yyy: 'year',
  yyyy: 'year',
  yr: 'year',
  years: 'year',
  yrs: 'year',
  quarter: 'quarter',
  q: 'quarter',
  qtr: 'quarter',
  qtrs: 'quarter',
  quarters: 'quarter',
  month: 'month',
  mm: 'month',
  mon: 'month',
  mons: 'month',
  months: 'month',
  week: 'week',
  w: 'week',
  wk: 'week',
  weekofyear: 'week',
  woy: 'week',
  wy: 'week',
  weeks: 'week',
  day: 'day',
  d: 'day',
  dd: 'day',
  days: 'day',
  dayofmonth: 'day',
  hour: 'hour',
  h: 'hour',
  hh: 'hour',
  hr: 'hour',
  hours: 'hour',
  hrs: 'hour',
  minute: 'minute',
  m: 'minute',
  mi: 'minute',
  min: 'minute',
  minutes: 'minute',
  mins: 'minute',
  second: 'second',
  s: 'second',
  sec: 'second',
  seconds: 'second',
  secs: 'second',
  millisecond: 'millisecond',
  ms: 'millisecond',
  msec: 'millisecond',
  milliseconds: 'millisecond',
  microsecond: 'microsecond',
  us: 'microsecond',
  usec: 'microsecond',
  microseconds: 'microsecond',
};

function datePart(node: unknown): string | undefined {
  const entry = single(node);
  const raw =
    entry?.[0] === 'literal' ? entry[1].value : entry?.[0] === 'var' ? entry[1].this : entry?.[0] === 'column' ? identifierName(entry[1].name) : undefined;
  return typeof raw === 'string' ? DATE_PARTS[raw.toLowerCase()] : undefined;
}

function tableFunction(name: string, args: unknown): unknown {
  if (NOT_EMULATED_TABLE_FUNCTIONS.has(name)) throw unsupported(`INFORMATION_SCHEMA.${name}`);
  const macro = TABLE_FUNCTIONS[name];
  if (!macro) return undefined;
  return { function: { name: macro, args, distinct: false, trailing_comments: [], use_bracket_syntax: false, no_parens: false, quoted: false } };
}

function rewriteTree(value: unknown, rw: Rewriter): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteTree(v, rw));
  if (!value || typeof value !== 'object') return value;
  const children: Node = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteTree(v, rw)]));
  const entry = single(children);
  return entry ? rewriteNode(entry[0], entry[1], children, rw) : children;
}

/**
 * Snowflake names an unaliased result column after the expression, upper-cased
 * (`SYSTEM$STREAM_HAS_DATA('BRONZE_TRANSACTIONS_STREAM')`); the rewrite would otherwise leave
 * DuckDB's name for the macro it calls.
 */
function namedAsSnowflake(pg: Polyglot, statements: Node[]): Node[] {
  return statements.map((statement) => {
    const select = statement.select as Node | undefined;
    const items: unknown = select?.expressions;
    if (!select || !Array.isArray(items)) return statement;
    const named = (items as unknown[]).map((item): unknown => {
      // Only the system functions the emulation answers: an alias around other expressions can stop
      // the transpiler's own rewrites (ILIKE ANY).
      const entry = single(item);
      if (entry?.[0] !== 'function' || !String(entry[1].name).toUpperCase().startsWith('SYSTEM$')) return item;
      const text = pg.generate(
        [
          {
            select: {
              ...select,
              expressions: [item],
              from: null,
              where_clause: null,
              group_by: null,
              having: null,
              qualify: null,
              order_by: null,
              limit: null,
              offset: null,
              with: null,
            },
          },
        ],
        pg.Dialect.Snowflake,
      );
      const name = text.success ? text.sql?.[0]?.replace(/^SELECT\s+/i, '').toUpperCase() : undefined;
      if (!name) return item;
      return {
        alias: {
          this: item,
          alias: { name, quoted: true, trailing_comments: [] },
          column_aliases: [],
          alias_explicit_as: true,
          pre_alias_comments: [],
          trailing_comments: [],
        },
      };
    });
    return { ...statement, select: { ...select, expressions: named } };
  });
}

function unsupportedFrom(error: string): UserError {
  const construct = /^(?:.*?error:\s*)?(.+?) (?:is )?not supported/i.exec(error)?.[1]?.trim();
  return construct ? unsupported(construct) : new UserError(`cannot translate the statement: ${error}`, ExitCode.badInput);
}

/**
 * Snowflake → DuckDB through the parser; throws SnowflakeSyntaxError or a one-line UserError, and
 * returns undefined for a text that is not exactly one statement.
 */
export async function translateSnowflake(sql: string, objects?: EmulatedObjects): Promise<string | undefined> {
  const pg = await loadTranslator();
  const statements = parseOrThrow(pg, sql);
  // Several statements (or none) are the guard's to refuse, on the text as typed.
  if (statements.length !== 1) return undefined;
  const rewritten = rewriteTree(namedAsSnowflake(pg, statements), { pg, objects });
  const snowflake = pg.generate(rewritten, pg.Dialect.Snowflake);
  if (!snowflake.success || !snowflake.sql?.[0]) throw unsupportedFrom(String(snowflake.error));
  const duckdb = pg.transpile(snowflake.sql[0], pg.Dialect.Snowflake, pg.Dialect.DuckDB, { unsupportedLevel: 'raise' });
  if (!duckdb.success || !duckdb.sql?.[0]) throw unsupportedFrom(String(duckdb.error));
  return duckdb.sql[0];
}
