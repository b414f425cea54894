/**
 * dbt's cross-database macros (`dbt.dateadd`, `dbt.datediff`, ...) as dbt-duckdb renders them.
 * Each one mirrors the macro dbt-core / dbt-duckdb would dispatch to on DuckDB (duckdb__X, else
 * default__X), so a model renders to the same SQL here as under real dbt-duckdb; the conformance
 * check (test/conformance) compares the results of both.
 *
 * Arguments arrive as Jinja passes them: strings of SQL (or numbers), positionally or as keywords.
 */
import { UnsupportedJinjaError } from './errors.js';

export type MacroArgs = unknown[];

/** Binds positional and keyword arguments (nunjucks passes keywords as a trailing `{__keywords: true}` object). */
export function bindArgs(name: string, params: string[], args: MacroArgs, defaults: Record<string, unknown> = {}): Record<string, unknown> {
  const positional = [...args];
  let keywords: Record<string, unknown> = {};
  const last = positional[positional.length - 1];
  if (last && typeof last === 'object' && (last as Record<string, unknown>).__keywords === true) {
    keywords = { ...(last as Record<string, unknown>) };
    delete keywords.__keywords;
    positional.pop();
  }
  if (positional.length > params.length) {
    throw new UnsupportedJinjaError(`${name}() takes ${params.length} arguments, got ${positional.length}`);
  }
  const bound: Record<string, unknown> = { ...defaults };
  params.forEach((param, i) => {
    if (i < positional.length) bound[param] = positional[i];
  });
  for (const [key, value] of Object.entries(keywords)) {
    if (!params.includes(key)) throw new UnsupportedJinjaError(`${name}() got an unexpected keyword argument '${key}'`);
    bound[key] = value;
  }
  for (const param of params) {
    if (!(param in bound)) throw new UnsupportedJinjaError(`${name}() missing required argument '${param}'`);
  }
  return bound;
}

/** How Jinja prints a value into SQL. */
export function sqlText(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}

type MacroImpl = (a: Record<string, unknown>) => string;

interface MacroDef {
  params: string[];
  defaults?: Record<string, unknown>;
  render: MacroImpl;
}

const s = sqlText;

function dateadd(datepart: unknown, interval: unknown, from: unknown): string {
  const unit = s(datepart).toLowerCase();
  if (unit === 'quarter') return `(${s(from)} + (cast(${s(interval)} as bigint) * 3) * interval 1 month)`;
  if (unit === 'week') return `(${s(from)} + (cast(${s(interval)} as bigint) * 7) * interval 1 day)`;
  return `(${s(from)} + cast(${s(interval)} as bigint) * interval 1 ${unit})`;
}

function datediff(first: unknown, second: unknown, datepart: unknown): string {
  if (s(datepart) === 'week') {
    const a = s(first);
    const b = s(second);
    return `(${datediff(a, b, 'day')} // 7 + case
            when date_part('dow', (${a})::timestamp) <= date_part('dow', (${b})::timestamp) then
                case when ${a} <= ${b} then 0 else -1 end
            else
                case when ${a} <= ${b} then 1 else 0 end
        end)`;
  }
  return `(date_diff('${s(datepart)}', ${s(first)}::timestamp, ${s(second)}::timestamp ))`;
}

function dateTrunc(datepart: unknown, date: unknown): string {
  return `date_trunc('${s(datepart)}', ${s(date)})`;
}

function lastDay(date: unknown, datepart: unknown): string {
  const part = s(datepart);
  if (part === 'quarter') {
    return `cast(${dateadd('day', '-1', dateadd('month', '3', dateTrunc(part, date)))} as date)`;
  }
  return `cast(${dateadd('day', '-1', dateadd(part, '1', dateTrunc(part, date)))} as date)`;
}

/** dbt's default__generate_series: a cross join of powers of two. */
function generateSeries(upperBound: unknown): string {
  const bound = Number(upperBound);
  if (!Number.isFinite(bound) || bound <= 0) throw new UnsupportedJinjaError('generate_series: upper bound must be a positive number');
  return `
    select
        generate_series as generated_number
    from generate_series(1, ${s(upperBound)})`;
}

export const CROSS_DB_MACROS: Record<string, MacroDef> = {
  dateadd: { params: ['datepart', 'interval', 'from_date_or_timestamp'], render: (a) => dateadd(a.datepart, a.interval, a.from_date_or_timestamp) },
  datediff: { params: ['first_date', 'second_date', 'datepart'], render: (a) => datediff(a.first_date, a.second_date, a.datepart) },
  date_trunc: { params: ['datepart', 'date'], render: (a) => dateTrunc(a.datepart, a.date) },
  last_day: { params: ['date', 'datepart'], render: (a) => lastDay(a.date, a.datepart) },
  type_string: { params: [], render: () => 'TEXT' },
  type_timestamp: { params: [], render: () => 'timestamp' },
  type_float: { params: [], render: () => 'float' },
  type_numeric: { params: [], render: () => 'numeric(28,6)' },
  type_bigint: { params: [], render: () => 'bigint' },
  type_int: { params: [], render: () => 'integer' },
  type_boolean: { params: [], render: () => 'boolean' },
  safe_cast: { params: ['field', 'type'], render: (a) => `cast(${s(a.field)} as ${s(a.type)})` },
  cast: { params: ['field', 'type'], render: (a) => `cast(${s(a.field)} as ${s(a.type)})` },
  cast_bool_to_text: { params: ['field'], render: (a) => `cast(${s(a.field)} as TEXT)` },
  concat: {
    params: ['fields'],
    render: (a) => {
      if (!Array.isArray(a.fields)) throw new UnsupportedJinjaError('concat() expects a list of SQL expressions');
      return a.fields.map(s).join(' || ');
    },
  },
  hash: { params: ['field'], render: (a) => `md5(cast(${s(a.field)} as TEXT))` },
  any_value: { params: ['expression'], render: (a) => `arbitrary(${s(a.expression)})` },
  bool_or: { params: ['expression'], render: (a) => `bool_or(${s(a.expression)})` },
  length: { params: ['expression'], render: (a) => `length(\n        ${s(a.expression)}\n    )` },
  replace: { params: ['field', 'old_chars', 'new_chars'], render: (a) => `replace(\n        ${s(a.field)},\n        ${s(a.old_chars)},\n        ${s(a.new_chars)}\n    )` },
  right: { params: ['string_text', 'length_expression'], render: (a) => `right(\n        ${s(a.string_text)},\n        ${s(a.length_expression)}\n    )` },
  position: { params: ['substring_text', 'string_text'], render: (a) => `position(\n        ${s(a.substring_text)} in ${s(a.string_text)}\n    )` },
  split_part: { params: ['string_text', 'delimiter_text', 'part_number'], render: (a) => `string_split(${s(a.string_text)}, ${s(a.delimiter_text)})[ ${s(a.part_number)} ]` },
  listagg: {
    params: ['measure', 'delimiter_text', 'order_by_clause', 'limit_num'],
    defaults: { delimiter_text: "','", order_by_clause: null, limit_num: null },
    render: (a) => {
      const order = a.order_by_clause ? ` ${s(a.order_by_clause)}` : '';
      if (a.limit_num) return `list_aggr((array_agg(${s(a.measure)}${order}))[1:${s(a.limit_num)}], 'string_agg', ${s(a.delimiter_text)})`;
      return `string_agg(${s(a.measure)}, ${s(a.delimiter_text)}${order})`;
    },
  },
  string_literal: { params: ['value'], render: (a) => `'${s(a.value)}'` },
  escape_single_quotes: { params: ['expression'], render: (a) => s(a.expression).replace(/'/g, "''") },
  current_timestamp: { params: [], render: () => 'now()' },
  generate_series: { params: ['upper_bound'], render: (a) => generateSeries(a.upper_bound) },
};

/** The macros above as callables for templates: `dbt.dateadd(...)` and plain `dateadd(...)`. */
export function crossDbFunctions(): Record<string, (...args: MacroArgs) => string> {
  const out: Record<string, (...args: MacroArgs) => string> = {};
  for (const [name, def] of Object.entries(CROSS_DB_MACROS)) {
    out[name] = (...args: MacroArgs) => def.render(bindArgs(name, def.params, args, def.defaults));
  }
  return out;
}

/** dbt macros that need a live query at compile time (or a package); named in the error message. */
export const UNSUPPORTED_MACROS: Record<string, string> = {
  date_spine: 'dbt.date_spine runs a query at compile time; build the spine from a number CTE instead',
  get_intervals_between: 'get_intervals_between runs a query at compile time',
  run_query: 'run_query (queries at compile time) is not supported by the built-in runner',
  statement: 'statement blocks are not supported by the built-in runner',
  load_result: 'load_result is not supported by the built-in runner',
  get_columns_in_relation: 'introspection (get_columns_in_relation) is not supported by the built-in runner',
};
