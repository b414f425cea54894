/**
 * The built-in dbt runner: executes a dbt project in-process on the local DuckDB warehouse.
 * build = every selected model in dependency order, each followed by the tests whose parents are
 * all done; a failing model or error-severity test skips everything downstream of it (as dbt does).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Backend, ProgressListener } from '../backends/backend.js';
import { InterruptedError, UserError } from '../core/errors.js';
import { packPath, type Pack } from '../core/pack.js';
import { buildLineage, targetDir, writeLineage, writeRunResults, type DbtRunResult, type NodeResult, type NodeStatus } from './artifacts.js';
import { DbtProjectError } from './errors.js';
import { builtinTestSql } from './generic-tests.js';
import { topoSort, selectNodes } from './graph.js';
import { Relation, type RenderScope } from './jinja.js';
import { parseManifest, type Manifest, type ModelNode, type SourceNode, type TestNode } from './manifest.js';
import writeFileAtomic from 'write-file-atomic';

export type DbtCommand = 'build' | 'run' | 'test';

export interface DbtRunOptions {
  command: DbtCommand;
  /** dbt selectors: `model`, `+model`, `model+`, `path:models/marts`, `tag:x`. */
  select?: string[];
  dataDir: string;
  /** Defaults to the package's dbt/ project. */
  projectDir?: string;
  fullRefresh?: boolean;
  vars?: Record<string, unknown>;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Catalog the warehouse is attached as. */
  database?: string;
}

export const DEFAULT_DATABASE = 'CUSTOMER_ANALYTICS';

/** The pack's dbt project: dbt/<pack>/. */
export function defaultProjectDir(pack: Pick<Pack, 'name'>): string {
  return packPath(pack, 'dbt');
}

function isoNow(): string {
  return new Date().toISOString();
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n').filter((l) => l.trim()).slice(0, 2).join(' ').slice(0, 400);
}

interface ExistingRelation {
  type: 'table' | 'view';
}

async function listRelations(backend: Backend, database: string): Promise<Map<string, ExistingRelation>> {
  const result = await backend.query(
    `select upper(table_schema) as s, upper(table_name) as t, table_type as k from information_schema.tables where upper(table_catalog) = '${database.toUpperCase().replace(/'/g, "''")}'`,
  );
  const map = new Map<string, ExistingRelation>();
  for (const row of result.rows) map.set(`${String(row.s)}.${String(row.t)}`, { type: String(row.k).toUpperCase() === 'VIEW' ? 'view' : 'table' });
  return map;
}

function relKey(relation: Relation): string {
  return `${relation.schema.toUpperCase()}.${relation.identifier.toUpperCase()}`;
}

class Run {
  private relations = new Map<string, ExistingRelation>();
  private readonly results: NodeResult[] = [];
  private readonly compiledDir: string;
  private readonly compiledFiles = new Set<string>();

  private readonly packName: string;

  constructor(
    private readonly backend: Backend,
    private readonly manifest: Manifest,
    private readonly options: DbtRunOptions,
  ) {
    this.packName = backend.pack.name;
    this.compiledDir = path.join(targetDir(options.dataDir), 'compiled');
  }

  private scopeFor(node: { name: string; uniqueId: string }, model?: ModelNode, incremental = false): RenderScope {
    const manifest = this.manifest;
    return {
      ref: (name) => {
        const target = manifest.modelsByName.get(name);
        if (!target) throw new DbtProjectError(`ref('${name}'): there is no model named ${name}`);
        return target.relation;
      },
      source: (sourceName, tableName) => {
        const source = manifest.sources.find((s) => s.sourceName === sourceName && s.name === tableName);
        if (!source) throw new DbtProjectError(`source('${sourceName}', '${tableName}') is not declared`);
        return source.relation;
      },
      config: () => undefined,
      configGet: (key, fallback) => (model && key in model.config ? model.config[key] : fallback),
      isIncremental: () => incremental,
      ...(model ? { thisRelation: model.relation } : {}),
      node: { name: node.name, unique_id: node.uniqueId, resource_type: model ? 'model' : 'test', config: model?.config ?? {} },
      execute: true,
    };
  }

  private exec(sql: string): Promise<void> {
    return this.backend.execute(sql, this.options.signal ? { signal: this.options.signal } : {});
  }

  private q(sql: string) {
    return this.backend.query(sql, this.options.signal ? { signal: this.options.signal } : {});
  }

  private checkSignal(): void {
    if (this.options.signal?.aborted) throw new InterruptedError('interrupted: dbt stopped; models already built stay built');
  }

  async execute(): Promise<DbtRunResult> {
    const started = performance.now();
    const { manifest, options } = this;
    const command = options.command;
    const select = options.select ?? [];
    const ordered = topoSort(manifest.models);
    // A selector naming a test selects that test (dbt allows it); the rest select models.
    const tokens = select.flatMap((s) => s.split(/\s+/)).filter(Boolean);
    const testNames = new Set(manifest.tests.map((t) => t.name));
    const testTokens = new Set(tokens.filter((t) => testNames.has(t) && !manifest.modelsByName.has(t)));
    const modelTokens = tokens.filter((t) => !testTokens.has(t));
    const selected = modelTokens.length > 0 ? selectNodes(manifest.models, modelTokens) : tokens.length > 0 ? new Set<string>() : selectNodes(manifest.models, []);
    // `dbt run` builds models only; `build` loads the selected seeds too, before what reads them.
    const models = command === 'test' ? [] : ordered.filter((m) => selected.has(m.uniqueId) && (command === 'build' || m.resourceType === 'model'));
    const modelIds = new Set(manifest.models.map((m) => m.uniqueId));
    const tests = command === 'run'
      ? []
      : manifest.tests.filter((t) => {
          if (tokens.length === 0 || testTokens.has(t.name)) return true;
          const parents = t.dependsOn.filter((d) => modelIds.has(d));
          return parents.some((p) => selected.has(p));
        });

    // A missing source in a schema the project does not build into (the loaded data) is reported
    // before the hooks change anything; sources in the project's own schemas (a table a hook
    // creates when missing) are checked after them.
    const builtSchemas = new Set(manifest.models.map((m) => m.relation.schema.toUpperCase()));
    this.relations = await listRelations(this.backend, manifest.target.database);
    this.checkSourcesExist(models, tests, (source) => !builtSchemas.has(source.relation.schema.toUpperCase()));
    await this.runHooks(manifest.project.onRunStart, 'on-run-start');
    this.relations = await listRelations(this.backend, manifest.target.database);
    this.checkSourcesExist(models, tests, () => true);
    for (const schema of new Set(models.map((m) => `${m.relation.database}.${m.relation.schema}`))) {
      await this.exec(`create schema if not exists ${schema}`);
    }

    const total = models.length + tests.length;
    let done = 0;
    const progress = (message: string) => options.onProgress?.({ stage: `dbt ${command}`, fraction: total === 0 ? 1 : done / total, message });
    // blocked: models not built (errored or skipped) and models whose test failed - their children
    // are skipped; notBuilt: only the former - their own tests are skipped too.
    const blocked = new Set<string>();
    const notBuilt = new Set<string>();
    const finished = new Set<string>(manifest.sources.map((s) => s.uniqueId));
    const pendingTests = [...tests];
    // Models not selected count as already built (their relations are read as they are).
    for (const model of manifest.models) if (!models.includes(model)) finished.add(model.uniqueId);

    const runReadyTests = async () => {
      for (let i = 0; i < pendingTests.length; ) {
        const test = pendingTests[i]!;
        if (!test.dependsOn.every((d) => finished.has(d))) {
          i++;
          continue;
        }
        pendingTests.splice(i, 1);
        this.checkSignal();
        progress(`test ${test.name}`);
        let result: NodeResult;
        if (test.dependsOn.some((d) => notBuilt.has(d))) {
          result = this.skipped(test.uniqueId, test.name, 'test', 'skipped: its model was not built');
        } else {
          result = await this.runTest(test);
          if ((result.status === 'fail' || result.status === 'error') && test.attachedTo) blocked.add(test.attachedTo);
          if ((result.status === 'fail' || result.status === 'error') && !test.attachedTo) for (const d of test.dependsOn) blocked.add(d);
        }
        this.results.push(result);
        done++;
      }
    };

    await runReadyTests();
    for (const model of models) {
      this.checkSignal();
      progress(`model ${model.name}`);
      const upstreamBlocked = this.isBlocked(model, blocked);
      if (upstreamBlocked) {
        this.results.push(this.skipped(model.uniqueId, model.name, model.resourceType, `skipped: upstream ${upstreamBlocked} failed`));
        blocked.add(model.uniqueId);
        notBuilt.add(model.uniqueId);
      } else {
        const result = await this.runModel(model);
        this.results.push(result);
        if (result.status === 'error') {
          blocked.add(model.uniqueId);
          notBuilt.add(model.uniqueId);
        }
      }
      finished.add(model.uniqueId);
      done++;
      await runReadyTests();
    }
    for (const test of pendingTests) this.results.push(this.skipped(test.uniqueId, test.name, 'test', 'skipped: its models were not built'));

    await this.runHooks(manifest.project.onRunEnd, 'on-run-end');

    const summary = {
      models: this.results.filter((r) => r.resourceType !== 'test').length,
      modelsOk: this.count('model', 'success'),
      modelsErrored: this.count('model', 'error'),
      tests: this.results.filter((r) => r.resourceType === 'test').length,
      testsPassed: this.count('test', 'pass'),
      testsFailed: this.count('test', 'fail'),
      testsWarned: this.count('test', 'warn'),
      testsErrored: this.count('test', 'error'),
      skipped: this.results.filter((r) => r.status === 'skipped').length,
    };
    const ok = summary.modelsErrored === 0 && summary.testsFailed === 0 && summary.testsErrored === 0 && summary.skipped === 0;
    return {
      command,
      select,
      ok,
      elapsedSeconds: Number(((performance.now() - started) / 1000).toFixed(3)),
      results: this.results,
      summary,
      targetDir: targetDir(options.dataDir),
      backend: 'local',
    };
  }

  /** 'model' counts seeds too: the summary's models are the nodes a run builds. */
  private count(type: 'model' | 'test', status: NodeStatus): number {
    return this.results.filter((r) => (type === 'test' ? r.resourceType === 'test' : r.resourceType !== 'test') && r.status === status).length;
  }

  private isBlocked(model: ModelNode, blocked: Set<string>): string | undefined {
    const dep = model.dependsOn.find((d) => blocked.has(d));
    return dep ? dep.split('.').pop() : undefined;
  }

  private skipped(uniqueId: string, name: string, resourceType: NodeResult['resourceType'], message: string): NodeResult {
    const now = isoNow();
    return { uniqueId, name, resourceType, status: 'skipped', executionTime: 0, startedAt: now, completedAt: now, message, failures: null };
  }

  private checkSourcesExist(models: ModelNode[], tests: TestNode[], which: (source: SourceNode) => boolean): void {
    const needed = new Set<string>();
    for (const node of [...models, ...tests]) for (const dep of node.dependsOn) if (dep.startsWith('source.')) needed.add(dep);
    const missing = [...needed]
      .map((id) => this.manifest.byId.get(id) as SourceNode)
      .filter((source) => which(source) && !this.relations.has(relKey(source.relation)));
    if (missing.length > 0) {
      const names = missing.map((s) => `${s.relation.schema}.${s.relation.identifier}`).join(', ');
      throw new UserError(`the dbt sources ${names} do not exist in the warehouse`, 2, `build the data first: c360-demo pipeline --pack ${this.packName}`);
    }
  }

  private async runHooks(hooks: string[], label: string): Promise<void> {
    for (const [i, hook] of hooks.entries()) {
      const sql = this.manifest.renderer.render(hook, `dbt_project.yml ${label}[${i}]`, this.scopeFor({ name: label, uniqueId: `operation.${label}.${i}` })).trim();
      if (!sql) continue;
      try {
        await this.exec(sql);
      } catch (err) {
        throw new UserError(`dbt ${label} hook ${i + 1} failed: ${firstLine(err)}`);
      }
    }
  }

  /**
   * Removes the compiled SQL an earlier run left that this run did not write (a model or test
   * since removed or not selected), so compiled/ shows this run only. Cheaper than emptying the
   * folder first: that unlinked ~100 files which this run then wrote again.
   */
  removeStaleCompiled(): void {
    if (!fs.existsSync(this.compiledDir)) return;
    for (const entry of fs.readdirSync(this.compiledDir, { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if (entry.isFile() && !this.compiledFiles.has(file)) fs.rmSync(file, { force: true });
    }
  }

  private writeCompiled(relPath: string, sql: string): void {
    const file = path.join(this.compiledDir, relPath);
    this.compiledFiles.add(file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // A copy of the SQL for people to read, rewritten on every run: renamed into place whole, but
    // not flushed to disk (an fsync per model and test was ~0.35 s of a full-scale incremental build).
    writeFileAtomic.sync(file, sql, { fsync: false });
  }

  private async runModel(model: ModelNode): Promise<NodeResult> {
    if (model.materialized === 'seed') return this.loadSeed(model);
    const startedAt = isoNow();
    const t0 = performance.now();
    const relation = model.relation.toString();
    const existing = this.relations.get(relKey(model.relation));
    const incremental = model.materialized === 'incremental' && existing?.type === 'table' && !this.options.fullRefresh;
    // Rendering errors are the project's fault: they stop the run with file:line (no half-built state).
    const compiled = this.manifest.renderer.render(model.file.sql, model.path, this.scopeFor(model, model, incremental)).trim();
    this.writeCompiled(model.path, compiled);
    const body = compiled.replace(/;\s*$/, '');
    const base = { uniqueId: model.uniqueId, name: model.name, resourceType: 'model' as const, startedAt, relationName: relation, materialized: model.materialized, compiledCode: compiled };
    try {
      const preHooks = this.hookList(model.config.pre_hook ?? model.config['pre-hook']);
      const postHooks = this.hookList(model.config.post_hook ?? model.config['post-hook']);
      // As dbt does, a hook that renders to nothing (e.g. a setting only one adapter has) is skipped.
      const runHook = async (hook: string, label: string) => {
        const sql = this.manifest.renderer.render(hook, `${model.path} ${label}`, this.scopeFor(model, model, incremental)).trim();
        if (sql) await this.exec(sql);
      };
      for (const hook of preHooks) await runHook(hook, 'pre_hook');
      let rows: number | undefined;
      if (model.materialized === 'view') {
        if (existing?.type === 'table') await this.exec(`drop table if exists ${relation}`);
        await this.exec(`create or replace view ${relation} as (\n${body}\n)`);
        this.relations.set(relKey(model.relation), { type: 'view' });
      } else if (!incremental) {
        if (existing?.type === 'view') await this.exec(`drop view if exists ${relation}`);
        await this.exec(`create or replace table ${relation} as (\n${body}\n)`);
        this.relations.set(relKey(model.relation), { type: 'table' });
        rows = await this.countRows(relation);
      } else {
        rows = await this.mergeIncremental(model, body);
      }
      for (const hook of postHooks) await runHook(hook, 'post_hook');
      const executionTime = (performance.now() - t0) / 1000;
      const what = model.materialized === 'view' ? 'view' : incremental ? 'incremental merge' : 'table';
      return { ...base, status: 'success', executionTime, completedAt: isoNow(), message: rows === undefined ? `OK created ${what}` : `OK ${what}, ${rows} rows`, failures: null, ...(rows === undefined ? {} : { rowsAffected: rows }) };
    } catch (err) {
      if (err instanceof UserError) throw err;
      // An incremental run reads the table an earlier build left; a model changed since needs a rebuild.
      const hint = incremental ? ` (if the model changed since its table was built, rebuild it: c360-demo dbt build --full-refresh --select ${model.name})` : '';
      return {
        ...base,
        status: 'error',
        executionTime: (performance.now() - t0) / 1000,
        completedAt: isoNow(),
        message: `Database error in ${model.path}: ${firstLine(err)}${hint}`,
        failures: null,
      };
    }
  }

  /**
   * A seed as dbt-duckdb loads it: the table created with each column's type (column_types from
   * the config, else inferred from the values as dbt does), then the CSV copied in.
   */
  private async loadSeed(seed: ModelNode): Promise<NodeResult> {
    const startedAt = isoNow();
    const t0 = performance.now();
    const relation = seed.relation.toString();
    const csv = seed.file.csvFile!.replace(/'/g, "''");
    const delimiter = String(seed.config.delimiter ?? ',').replace(/'/g, "''");
    const base = { uniqueId: seed.uniqueId, name: seed.name, resourceType: 'seed' as const, startedAt, relationName: relation, materialized: 'seed' };
    try {
      const read = `read_csv('${csv}', header = true, all_varchar = true, delim = '${delimiter}')`;
      const described = await this.q(`describe select * from ${read}`);
      const columns = described.rows.map((r) => String(r.column_name));
      const values = await this.q(`select * from ${read}`);
      const declared = typeof seed.config.column_types === 'object' && seed.config.column_types !== null ? (seed.config.column_types as Record<string, unknown>) : {};
      const types = columns.map((c) => String(declared[c] ?? inferSeedType(values.rows.map((r) => r[c]))));
      const existing = this.relations.get(relKey(seed.relation));
      if (existing?.type === 'view') await this.exec(`drop view if exists ${relation}`);
      await this.exec(`create or replace table ${relation} (${columns.map((c, i) => `"${c.replace(/"/g, '""')}" ${types[i]}`).join(', ')})`);
      await this.exec(`copy ${relation} from '${csv}' (format csv, header true, delimiter '${delimiter}')`);
      this.relations.set(relKey(seed.relation), { type: 'table' });
      const rows = await this.countRows(relation);
      return { ...base, status: 'success', executionTime: (performance.now() - t0) / 1000, completedAt: isoNow(), message: `INSERT ${rows}`, failures: null, rowsAffected: rows };
    } catch (err) {
      if (err instanceof InterruptedError) throw err;
      return { ...base, status: 'error', executionTime: (performance.now() - t0) / 1000, completedAt: isoNow(), message: `Database error in ${seed.path}: ${firstLine(err)}`, failures: null };
    }
  }

  private hookList(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    return (Array.isArray(value) ? value : [value]).map(String).filter((h) => h.trim());
  }

  private async countRows(relation: string): Promise<number> {
    const result = await this.q(`select count(*) as n from ${relation}`);
    return Number(result.rows[0]?.n ?? 0);
  }

  /** dbt-duckdb's delete+insert: new rows replace existing rows with the same unique key. */
  private async mergeIncremental(model: ModelNode, body: string): Promise<number> {
    const relation = model.relation.toString();
    const tmp = `${model.relation.identifier}__dbt_tmp`;
    const uniqueKey = model.config.unique_key;
    const keys = Array.isArray(uniqueKey) ? uniqueKey.map(String) : typeof uniqueKey === 'string' ? [uniqueKey] : [];
    let changed = 0;
    await this.backend.transaction(async () => {
      await this.exec(`create or replace temporary table ${tmp} as (\n${body}\n)`);
      const columnsOf = async (catalog: string, schema: string | null, table: string) => {
        const where = `upper(table_catalog) = upper('${catalog}') and ${schema ? `upper(table_schema) = upper('${schema}') and ` : ''}upper(table_name) = upper('${table}')`;
        const res = await this.q(`select column_name, data_type from information_schema.columns where ${where} order by ordinal_position`);
        return res.rows.map((r) => ({ name: String(r.column_name), type: String(r.data_type) }));
      };
      const sourceCols = await columnsOf('temp', null, tmp);
      const targetCols = await columnsOf(model.relation.database, model.relation.schema, model.relation.identifier);
      const has = (list: Array<{ name: string }>, name: string) => list.some((c) => c.name.toLowerCase() === name.toLowerCase());
      const added = sourceCols.filter((c) => !has(targetCols, c.name));
      const removed = targetCols.filter((c) => !has(sourceCols, c.name));
      const onSchemaChange = String(model.config.on_schema_change ?? 'ignore');
      if (added.length + removed.length > 0) {
        const diff = `${added.length ? `new columns ${added.map((c) => c.name).join(', ')}` : ''}${added.length && removed.length ? '; ' : ''}${removed.length ? `removed columns ${removed.map((c) => c.name).join(', ')}` : ''}`;
        if (onSchemaChange === 'fail') {
          throw new UserError(`${model.path}: the incremental model's columns changed (${diff}) and on_schema_change is 'fail'`, 1, `rebuild it: c360-demo dbt build --full-refresh --select ${model.name}`);
        }
        if (onSchemaChange === 'append_new_columns' || onSchemaChange === 'sync_all_columns') {
          for (const col of added) await this.exec(`alter table ${relation} add column ${col.name} ${col.type}`);
          if (onSchemaChange === 'sync_all_columns') for (const col of removed) await this.exec(`alter table ${relation} drop column ${col.name}`);
        }
      }
      // dbt inserts the target's columns (after any schema sync) that the new rows have.
      const finalTarget = await columnsOf(model.relation.database, model.relation.schema, model.relation.identifier);
      const cols = onSchemaChange === 'ignore' ? finalTarget.map((c) => c.name) : finalTarget.filter((c) => has(sourceCols, c.name)).map((c) => c.name);
      const list = cols.join(', ');
      if (keys.length === 1) {
        await this.exec(`delete from ${relation} where (${keys[0]}) in (select (${keys[0]}) from ${tmp})`);
      } else if (keys.length > 1) {
        await this.exec(`delete from ${relation} as DBT_INCREMENTAL_TARGET using ${tmp} where (${keys.map((k) => `${tmp}.${k} = DBT_INCREMENTAL_TARGET.${k}`).join(' and ')})`);
      }
      await this.exec(`insert into ${relation} (${list}) (select ${list} from ${tmp})`);
      const inserted = await this.q(`select count(*) as n from ${tmp}`);
      changed = Number(inserted.rows[0]?.n ?? 0);
      await this.exec(`drop table if exists ${tmp}`);
    });
    return changed;
  }

  private testSql(test: TestNode): string {
    const renderer = this.manifest.renderer;
    const scope = this.scopeFor(test);
    if (test.kind === 'singular') return renderer.render(test.sql ?? '', test.path, scope).trim().replace(/;\s*$/, '');
    const parent = this.manifest.byId.get(test.attachedTo!) as ModelNode | SourceNode;
    // As dbt does: a project's own get_where_subquery(relation) decides what the test reads (it
    // sees the test's `where` through config.get); otherwise the `where` config filters the relation.
    const model = renderer.hasMacro('get_where_subquery')
      ? renderer.callMacro('get_where_subquery', [parent.relation], { ...scope, configGet: (key, fallback) => (key === 'where' ? (test.where ?? fallback) : fallback) }, test.path).trim()
      : test.where
        ? `(select * from ${parent.relation.toString()} where ${test.where}) dbt_subquery`
        : parent.relation.toString();
    const spec = test.spec!;
    const args: Record<string, unknown> = { ...spec.args };
    if (test.testType === 'relationships' && typeof args.to === 'string') {
      args.__toRelation = renderer.render(`{{ ${args.to} }}`, test.path, scope).trim();
    }
    if (renderer.hasMacro(`test_${test.testType}`)) {
      const kwargs = { ...spec.args, model, ...(test.columnName ? { column_name: test.columnName } : {}), __keywords: true };
      return renderer.callMacro(`test_${test.testType}`, [kwargs], scope, test.path).trim().replace(/;\s*$/, '');
    }
    return builtinTestSql(test.testType!, model, test.columnName, args, test.path);
  }

  private async runTest(test: TestNode): Promise<NodeResult> {
    const startedAt = isoNow();
    const t0 = performance.now();
    const sql = this.testSql(test);
    this.writeCompiled(path.join('tests', `${test.name}.sql`), sql);
    const base = { uniqueId: test.uniqueId, name: test.name, resourceType: 'test' as const, startedAt, compiledCode: sql };
    try {
      const result = await this.q(`select count(*) as failures from (\n${sql}\n) as dbt_internal_test`);
      const failures = Number(result.rows[0]?.failures ?? 0);
      const status: NodeStatus = failures === 0 ? 'pass' : test.severity === 'warn' ? 'warn' : 'fail';
      const message = failures === 0 ? 'PASS' : `${status === 'warn' ? 'WARN' : 'FAIL'} ${failures} failing row${failures === 1 ? '' : 's'}`;
      return { ...base, status, executionTime: (performance.now() - t0) / 1000, completedAt: isoNow(), message, failures };
    } catch (err) {
      if (err instanceof InterruptedError) throw err;
      return { ...base, status: 'error', executionTime: (performance.now() - t0) / 1000, completedAt: isoNow(), message: `Database error in test ${test.name}: ${firstLine(err)}`, failures: null };
    }
  }
}

/**
 * The type dbt gives a seed column it infers (agate's type tester, as dbt configures it; empty and
 * `null` are missing values): integer, float8 when a number has decimals, date, timestamp,
 * boolean (true / false), else text. Types as dbt-duckdb writes them.
 */
function inferSeedType(values: unknown[]): string {
  const present = values.filter((v): v is string => typeof v === 'string' && v !== '' && v.toLowerCase() !== 'null');
  const all = (re: RegExp) => present.length > 0 && present.every((v) => re.test(v.trim()));
  if (all(/^[-+]?\d+$/)) return 'INTEGER';
  if (all(/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/)) return 'DOUBLE';
  if (all(/^\d{4}-\d{2}-\d{2}$/)) return 'DATE';
  if (all(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/)) return 'TIMESTAMP';
  if (all(/^(true|false)$/i)) return 'BOOLEAN';
  return 'VARCHAR';
}

/**
 * Runs `dbt build|run|test` with the built-in runner on a local backend. On Snowflake it asks
 * Snowflake to run the deployed project (EXECUTE DBT PROJECT) instead.
 * Throws UserError for project problems (bad Jinja, missing ref, cycle, missing bronze);
 * failing tests and database errors in models come back as results with ok: false.
 */
export async function runDbt(backend: Backend, options: DbtRunOptions): Promise<DbtRunResult> {
  const projectDir = options.projectDir ?? defaultProjectDir(backend.pack);
  const database = options.database ?? DEFAULT_DATABASE;
  const manifest = parseManifest({ projectDir, database, ...(options.vars ? { vars: options.vars } : {}), ...(options.fullRefresh ? { fullRefresh: true } : {}) });
  topoSort(manifest.models);
  writeLineage(options.dataDir, buildLineage(manifest));
  const invocationId = crypto.randomUUID();
  let result: DbtRunResult;
  if (backend.kind === 'snowflake') {
    result = await runOnSnowflake(backend, options, manifest);
  } else {
    // Row order inside a table means nothing in SQL; not preserving it lets DuckDB write the
    // 11M-row fact table in parallel with far less memory. Session setting, restored after.
    await backend.execute('SET preserve_insertion_order = false');
    const run = new Run(backend, manifest, options);
    try {
      result = await run.execute();
    } finally {
      run.removeStaleCompiled();
      await backend.execute('RESET preserve_insertion_order').catch(() => undefined);
    }
  }
  writeRunResults(options.dataDir, result, invocationId);
  return result;
}

async function runOnSnowflake(backend: Backend, options: DbtRunOptions, manifest: Manifest): Promise<DbtRunResult> {
  const started = performance.now();
  const startedAt = isoNow();
  const args = [options.command, ...(options.select?.length ? ['--select', ...options.select] : [])].join(' ').replace(/'/g, "''");
  let status: NodeStatus = 'success';
  let message = 'OK';
  try {
    await backend.query(`EXECUTE DBT PROJECT ${manifest.target.database}.PUBLIC.${manifest.project.name} ARGS = '${args}'`, options.signal ? { signal: options.signal } : {});
  } catch (err) {
    if (err instanceof UserError) throw err;
    status = 'error';
    message = firstLine(err);
  }
  const elapsed = (performance.now() - started) / 1000;
  const ok = status === 'success';
  return {
    command: options.command,
    select: options.select ?? [],
    ok,
    elapsedSeconds: Number(elapsed.toFixed(3)),
    results: [{ uniqueId: `operation.${manifest.project.name}.execute_dbt_project`, name: 'EXECUTE DBT PROJECT', resourceType: 'model', status, executionTime: elapsed, startedAt, completedAt: isoNow(), message, failures: null }],
    summary: { models: 1, modelsOk: ok ? 1 : 0, modelsErrored: ok ? 0 : 1, tests: 0, testsPassed: 0, testsFailed: 0, testsWarned: 0, testsErrored: 0, skipped: 0 },
    targetDir: targetDir(options.dataDir),
    backend: 'snowflake',
  };
}
