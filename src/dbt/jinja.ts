/**
 * Jinja for dbt files, rendered with nunjucks: the dbt context (ref, source, config, var, target,
 * this, is_incremental, adapter.dispatch, the cross-database macros) plus the project's own macros.
 * Constructs nunjucks cannot render the way dbt would ({% do %}, {% call statement %},
 * run_query, ...) fail with file:line and a clear message, never with wrong SQL.
 */
import nunjucks from 'nunjucks';
import { bindArgs, crossDbFunctions, sqlText, UNSUPPORTED_MACROS } from './cross-db.js';
import { DbtProjectError, UnsupportedJinjaError } from './errors.js';
import type { SqlFile } from './project.js';

let jinjaCompatInstalled = false;

/** A relation as templates see it: prints as `db.schema.identifier`. */
export class Relation {
  constructor(
    readonly database: string,
    readonly schema: string,
    readonly identifier: string,
  ) {}
  get name(): string {
    return this.identifier;
  }
  get table(): string {
    return this.identifier;
  }
  include(): this {
    return this;
  }
  toString(): string {
    return `${this.database}.${this.schema}.${this.identifier}`;
  }
}

export interface Target {
  name: string;
  type: string;
  database: string;
  schema: string;
  threads: number;
  profile_name: string;
}

/** What the runner supplies for the file being rendered. */
export interface RenderScope {
  ref(name: string): Relation;
  source(sourceName: string, tableName: string): Relation;
  /** Merges `config(...)` keywords into the node's config. */
  config(values: Record<string, unknown>): void;
  configGet(key: string, fallback: unknown): unknown;
  isIncremental(): boolean;
  thisRelation?: Relation;
  /** `model` / `node` as templates see it. */
  node?: Record<string, unknown>;
  /** false during the parse pass (dbt's `execute`). */
  execute: boolean;
}

/** Thrown by {{ return(x) }} to end a macro with a value; caught where the macro is called. */
class ReturnSignal extends Error {
  constructor(readonly value: unknown) {
    super('return() outside a macro');
  }
}

/** Tags nunjucks would either reject with a cryptic message or render differently from dbt. */
const UNSUPPORTED_TAGS: Record<string, string> = {
  do: '{% do %} (expression statements with side effects) is not supported by the built-in runner',
  call: '{% call %} blocks (statement, run_query) are not supported by the built-in runner',
  materialization: 'custom materializations are not supported by the built-in runner',
  snapshot: 'snapshots are not supported by the built-in runner',
  docs: '{% docs %} blocks belong in .md files, not in SQL',
  include: '{% include %} is not supported by the built-in runner',
  import: '{% import %} is not supported by the built-in runner (project macros are global)',
  from: '{% from ... import %} is not supported by the built-in runner (project macros are global)',
  extends: '{% extends %} is not supported by the built-in runner',
  block: '{% block %} is not supported by the built-in runner',
};

/** `{% test x(...) %}` is dbt's generic-test definition: a macro named test_x. Line numbers are kept. */
function preprocess(source: string): string {
  return source
    .replace(/\{%(-?)\s*test\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g, '{%$1 macro test_$2(')
    .replace(/\{%(-?)\s*endtest\s*(-?)%\}/g, '{%$1 endmacro $2%}');
}

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

function checkTags(source: string, file: string): void {
  const re = /\{%-?\s*([A-Za-z_]+)/g;
  let inRaw = false;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const tag = m[1]!;
    if (tag === 'raw') inRaw = true;
    else if (tag === 'endraw') inRaw = false;
    if (inRaw) continue;
    const why = UNSUPPORTED_TAGS[tag];
    if (why) throw new DbtProjectError(`${file}:${lineOf(source, m.index)}: ${why}`);
  }
}

interface NunjucksError extends Error {
  lineno?: number;
  cause?: unknown;
}

/** Turns a nunjucks error into `file:line: message`. */
function explain(err: unknown, file: string, source?: string): Error {
  if (err instanceof DbtProjectError) return err;
  const e = err as NunjucksError;
  const cause = e.cause;
  if (cause instanceof ReturnSignal) return new DbtProjectError(`${file}: return() is only supported inside a project macro`);
  if (cause instanceof DbtProjectError) return cause;
  // Errors thrown by our functions carry a 0-based line; nunjucks' own carry a 1-based one.
  let line = e.lineno === undefined ? undefined : cause ? e.lineno + 1 : e.lineno;
  // An unclosed tag or expression is only noticed at the end of the file.
  if (line === undefined && source !== undefined && /end of file/i.test(e.message)) line = source.split('\n').length;
  let message = e.message.replace(/^\([^)]*\)(?: \[Line \d+(?:, Column \d+)?\])?\s*/, '').trim();
  if (cause instanceof Error) message = cause.message;
  if (/attempted to output null or undefined value/.test(message)) {
    message = 'an expression rendered an undefined value (an unknown variable, or a macro/feature the built-in runner does not support)';
  }
  const called = /Unable to call `([^`]+)`, which is undefined/.exec(message);
  if (called) message = `\`${called[1]}\` is not defined (not a dbt function the built-in runner supports, nor a project macro)`;
  return new DbtProjectError(`${file}${line ? `:${line}` : ''}: ${message}`);
}

type AnyFn = (...args: unknown[]) => unknown;

/** Parts of nunjucks' runtime API that @types/nunjucks leaves out. */
interface ExportingTemplate {
  getExported(ctx: object, parentFrame: null, cb: (err: Error | null, result: unknown) => void): void;
}
interface FullEnvironment {
  addTest(name: string, test: (value: unknown) => boolean): void;
  globals: Record<string, unknown>;
}

export interface RendererOptions {
  projectName: string;
  target: Target;
  vars: Record<string, unknown>;
  macros: SqlFile[];
  fullRefresh?: boolean;
  invocationId: string;
  runStartedAt: string;
  env?: Record<string, string | undefined>;
}

export class JinjaRenderer {
  private readonly env: nunjucks.Environment;
  private scope: RenderScope | undefined;
  private readonly projectMacros = new Map<string, AnyFn>();
  private readonly crossDb = crossDbFunctions();

  constructor(private readonly options: RendererOptions) {
    if (!jinjaCompatInstalled) {
      // Python-style literals and methods (True/None, dict.items(), str.upper(), ...) as Jinja has them.
      nunjucks.installJinjaCompat();
      jinjaCompatInstalled = true;
    }
    this.env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true, dev: true });
    this.installGlobals();
    this.loadMacros(options.macros);
  }

  /** Renders one file's text; `scope` answers ref/source/config/this for it. */
  render(source: string, file: string, scope: RenderScope): string {
    checkTags(source, file);
    const previous = this.scope;
    this.scope = scope;
    try {
      const template = new nunjucks.Template(preprocess(source), this.env, file, true);
      return template.render({});
    } catch (err) {
      throw explain(err, file, source);
    } finally {
      this.scope = previous;
    }
  }

  hasMacro(name: string): boolean {
    return this.projectMacros.has(name);
  }

  /** Calls a project macro from code (generate_schema_name, test_<name>, ...) and returns its text. */
  callMacro(name: string, args: unknown[], scope: RenderScope, file = `macro ${name}`): string {
    const macro = this.projectMacros.get(name);
    if (!macro) throw new DbtProjectError(`no macro named ${name}`);
    const previous = this.scope;
    this.scope = scope;
    try {
      return sqlText(macro(...args));
    } catch (err) {
      throw explain(err, file);
    } finally {
      this.scope = previous;
    }
  }

  private current(): RenderScope {
    if (!this.scope) throw new UnsupportedJinjaError('ref/source/config are only available while rendering a node');
    return this.scope;
  }

  private loadMacros(files: SqlFile[]): void {
    for (const file of files) {
      checkTags(file.sql, file.path);
      let exported: Record<string, unknown> = {};
      try {
        const template = new nunjucks.Template(preprocess(file.sql), this.env, file.path, true) as unknown as ExportingTemplate;
        template.getExported({}, null, (err: Error | null, result: unknown) => {
          if (err) throw err;
          exported = (result ?? {}) as Record<string, unknown>;
        });
      } catch (err) {
        throw explain(err, file.path, file.sql);
      }
      for (const [name, value] of Object.entries(exported)) {
        if (typeof value !== 'function') continue;
        const macro = value as AnyFn;
        const wrapped: AnyFn = (...args) => {
          try {
            return macro(...args);
          } catch (err) {
            if (err instanceof ReturnSignal) return err.value;
            throw err;
          }
        };
        this.projectMacros.set(name, wrapped);
        this.env.addGlobal(name, wrapped);
      }
    }
  }

  private dispatch(macroName: string, namespace?: string): AnyFn {
    const adapter = this.options.target.type;
    for (const candidate of [`${adapter}__${macroName}`, `default__${macroName}`]) {
      const own = this.projectMacros.get(candidate);
      if (own) return own;
    }
    if (namespace === undefined || namespace === 'dbt') {
      const builtin = this.crossDb[macroName];
      if (builtin) return builtin;
    }
    const own = this.projectMacros.get(macroName);
    if (own && namespace !== 'dbt') return own;
    throw new UnsupportedJinjaError(`adapter.dispatch('${macroName}'): no ${adapter}__${macroName} or default__${macroName} macro, and not a dbt macro the built-in runner implements`);
  }

  private installGlobals(): void {
    const env = this.env;
    const fullEnv = this.env as unknown as FullEnvironment;
    const opts = this.options;
    const unsupported = (name: string, why: string) => () => {
      throw new UnsupportedJinjaError(why || `${name} is not supported by the built-in runner`);
    };
    fullEnv.addTest('none', (v: unknown) => v === null || v === undefined);
    fullEnv.addTest('mapping', (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v));
    fullEnv.addTest('sequence', (v: unknown) => Array.isArray(v) || typeof v === 'string');
    fullEnv.addTest('boolean', (v: unknown) => typeof v === 'boolean');
    env.addFilter('tojson', (v: unknown) => JSON.stringify(v));
    env.addFilter('as_text', (v: unknown) => sqlText(v));
    env.addFilter('as_bool', (v: unknown) => v === true || v === 'true' || v === 'True');
    env.addFilter('as_number', (v: unknown) => Number(v));
    env.addFilter('as_native', (v: unknown) => v);
    env.addFilter('map', (list: unknown, ...args: unknown[]) => {
      if (!Array.isArray(list)) return [];
      const kw = args[args.length - 1] as Record<string, unknown> | undefined;
      if (kw && typeof kw === 'object' && typeof kw.attribute === 'string') {
        return list.map((item) => (item as Record<string, unknown>)[kw.attribute as string]);
      }
      const filterName = args[0];
      if (typeof filterName === 'string') {
        const filter = env.getFilter(filterName) as AnyFn;
        return list.map((item) => filter(item));
      }
      throw new UnsupportedJinjaError('map filter: use map(attribute="x") or map("filter_name")');
    });

    env.addGlobal('ref', (...args: unknown[]) => {
      const names = args.filter((a): a is string => typeof a === 'string');
      const name = names[names.length - 1];
      if (!name) throw new UnsupportedJinjaError('ref() needs a model name');
      return this.current().ref(name);
    });
    env.addGlobal('source', (sourceName: unknown, tableName: unknown) => {
      if (typeof sourceName !== 'string' || typeof tableName !== 'string') throw new UnsupportedJinjaError("source() needs two names: source('bronze', 'bronze_customers')");
      return this.current().source(sourceName, tableName);
    });
    const config = (...args: unknown[]) => {
      const last = args[args.length - 1] as Record<string, unknown> | undefined;
      const values: Record<string, unknown> = {};
      if (last && typeof last === 'object' && (last).__keywords) {
        for (const [k, v] of Object.entries(last)) if (k !== '__keywords') values[k] = v;
      } else if (last && typeof last === 'object') {
        Object.assign(values, last);
      }
      this.current().config(values);
      return '';
    };
    (config as unknown as Record<string, unknown>).get = (key: string, fallback: unknown = null) => this.current().configGet(key, fallback);
    (config as unknown as Record<string, unknown>).require = (key: string) => {
      const value = this.current().configGet(key, undefined);
      if (value === undefined) throw new UnsupportedJinjaError(`required config '${key}' is not set`);
      return value;
    };
    env.addGlobal('config', config);
    env.addGlobal('var', (...args: unknown[]) => {
      const { name, default: fallback } = bindArgs('var', ['name', 'default'], args, { default: undefined });
      const key = String(name);
      if (key in opts.vars) return opts.vars[key];
      if (fallback !== undefined) return fallback;
      throw new UnsupportedJinjaError(`required var '${key}' is not set (dbt_project.yml vars or --vars)`);
    });
    env.addGlobal('env_var', (...args: unknown[]) => {
      const { name, default: fallback } = bindArgs('env_var', ['name', 'default'], args, { default: undefined });
      const value = (opts.env ?? process.env)[String(name)];
      if (value !== undefined) return value;
      if (fallback !== undefined) return fallback;
      throw new UnsupportedJinjaError(`env var '${String(name)}' is not set and has no default`);
    });
    env.addGlobal('is_incremental', () => this.current().isIncremental());
    const relation = () => this.current().thisRelation;
    env.addGlobal('this', {
      get database() { return relation()?.database; },
      get schema() { return relation()?.schema; },
      get identifier() { return relation()?.identifier; },
      get name() { return relation()?.identifier; },
      get table() { return relation()?.identifier; },
      toString() {
        const rel = relation();
        if (!rel) throw new UnsupportedJinjaError('`this` is only defined while rendering a model');
        return rel.toString();
      },
    });
    const nodeProxy = new Proxy({}, { get: (_t, key) => (typeof key === 'string' ? this.current().node?.[key] : undefined) });
    env.addGlobal('model', nodeProxy);
    env.addGlobal('target', opts.target);
    env.addGlobal('project_name', opts.projectName);
    env.addGlobal('invocation_id', opts.invocationId);
    env.addGlobal('run_started_at', opts.runStartedAt);
    env.addGlobal('flags', { FULL_REFRESH: opts.fullRefresh === true, WHICH: 'build' });
    Object.defineProperty(fullEnv.globals, 'execute', { get: () => this.scope?.execute ?? true, enumerable: true, configurable: true });
    env.addGlobal('dbt', { ...this.crossDb, ...Object.fromEntries(Object.entries(UNSUPPORTED_MACROS).map(([k, why]) => [k, unsupported(k, why)])) });
    for (const [name, fn] of Object.entries(this.crossDb)) env.addGlobal(name, fn);
    for (const [name, why] of Object.entries(UNSUPPORTED_MACROS)) env.addGlobal(name, unsupported(name, why));
    env.addGlobal('adapter', {
      dispatch: (macroName: string, namespace?: string) => this.dispatch(macroName, namespace),
      quote: (identifier: string) => `"${identifier}"`,
      get_relation: unsupported('adapter.get_relation', 'adapter.get_relation (catalog lookups at compile time) is not supported by the built-in runner'),
      get_columns_in_relation: unsupported('adapter.get_columns_in_relation', UNSUPPORTED_MACROS.get_columns_in_relation!),
    });
    env.addGlobal('exceptions', {
      raise_compiler_error: (message: unknown) => {
        throw new UnsupportedJinjaError(`compiler error raised by the project: ${sqlText(message)}`);
      },
      warn: () => '',
    });
    env.addGlobal('log', () => '');
    env.addGlobal('return', (value: unknown) => {
      throw new ReturnSignal(value);
    });
  }
}
