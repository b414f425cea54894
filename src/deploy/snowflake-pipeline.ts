/**
 * `c360-demo pipeline --backend snowflake`, by both of the seed's paths:
 *
 *  - tasks (the default): EXECUTE TASK on the DAG's root, then TASK_HISTORY followed until the graph
 *    run ends; ok when every task of the graph SUCCEEDED.
 *  - local (the seed's fallback, its `make run-all`): the same seeded bronze data generated locally,
 *    written as Parquet, PUT to an internal stage, COPY INTO the bronze tables, then EXECUTE DBT
 *    PROJECT, the churn scripts and the share refresh, then the 12 checks, all on Snowflake. The
 *    bronze checksums of both sides are compared: the same seed and scale load the same rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Backend, Pack, ProgressListener, Row } from '../backends/backend.js';
import type { RunConfig } from '../core/config.js';
import type { StageReport } from '../pipeline/pipeline.js';
import type { TaskHistoryRow } from '../orchestration/types.js';
import { renderSqlFile, sqlLiteral } from '../util/sql-template.js';
import { splitStatements } from '../util/sql-split.js';

const DIR = ['src', 'deploy'] as const;

export interface TaskGraphReport {
  ok: boolean;
  root: string;
  /** The graph's tasks, root first. */
  expected: string[];
  tasks: TaskHistoryRow[];
  failed: TaskHistoryRow | null;
  seconds: number;
}

/** The DAG's root and every task that runs after it (pipeline_tasks.sql is the one definition). */
async function graphOfRoot(pack: Pack): Promise<{ root: string; members: string[] }> {
  const { loadDag } = await import('../orchestration/dag.js');
  const dag = loadDag(pack);
  const root = dag.tasks.find((t) => t.predecessors.length === 0 && dag.tasks.some((c) => c.predecessors.includes(t.name)))!;
  const members = [root.name];
  for (let grew = true; grew;) {
    grew = false;
    for (const t of dag.tasks)
      if (!members.includes(t.name) && t.predecessors.some((p) => members.includes(p))) {
        members.push(t.name);
        grew = true;
      }
  }
  return { root: root.name, members };
}

/** EXECUTE TASK on the root and TASK_HISTORY until the graph run ends; `onTask` sees every state change. */
export async function runTaskGraph(
  backend: Backend,
  config: RunConfig,
  options: { signal?: AbortSignal; onTask?: (row: TaskHistoryRow) => void; pollMs?: number } = {},
): Promise<TaskGraphReport> {
  const { executeTask } = await import('../orchestration/index.js');
  const { root, members } = await graphOfRoot(backend.pack);
  const started = performance.now();
  const result = await executeTask(backend, root, { config, signal: options.signal, onProgress: options.onTask, pollMs: options.pollMs ?? 500 });
  const byName = new Map(result.tasks.map((t) => [t.name, t]));
  const tasks = members.map((m) => byName.get(m)).filter((t): t is TaskHistoryRow => t !== undefined);
  const failed = tasks.find((t) => t.state === 'FAILED' || t.state === 'CANCELLED') ?? null;
  return {
    ok: tasks.length === members.length && tasks.every((t) => t.state === 'SUCCEEDED'),
    root,
    expected: members,
    tasks,
    failed,
    seconds: (performance.now() - started) / 1000,
  };
}

type ColumnKind = 'number' | 'text' | 'time';

/** A bronze table `--via local` writes as Parquet, loads on Snowflake and compares: its key orders the file, its columns the checksum. */
export interface ViaLocalTable {
  table: string;
  key: string;
  columns: { name: string; kind: ColumnKind }[];
}

/** What a pack's deploy.ts exports for `pipeline --via local`: its bronze tables, as sql/<pack>/setup creates them. */
async function viaLocalTables(pack: Pack): Promise<ViaLocalTable[]> {
  const { importPackModule } = await import('../core/pack.js');
  const module = (await importPackModule(pack, 'deploy')) as { viaLocalTables?: unknown } | undefined;
  if (!Array.isArray(module?.viaLocalTables)) {
    const { UserError } = await import('../core/errors.js');
    throw new UserError(
      `the ${pack.name} pack has no --via local load`,
      undefined,
      `set the account up with c360-demo deploy --pack ${pack.name}, then run its tasks (pipeline --backend snowflake) or its feed`,
    );
  }
  return module.viaLocalTables as ViaLocalTable[];
}

export interface BronzeChecksum {
  table: string;
  rows: number;
  /** Every aggregate, `name=value` joined: what is compared. */
  checksum: string;
}

/** The same checksum query on either backend (bronze_checksum.sql). */
async function bronzeChecksums(backend: Backend, tables: ViaLocalTable[], signal?: AbortSignal): Promise<BronzeChecksum[]> {
  const out: BronzeChecksum[] = [];
  for (const { table, columns } of tables) {
    const result = await backend.query(renderSqlFile([...DIR, 'bronze_checksum.sql'], { table, columns }), { signal });
    const row: Row = result.rows[0] ?? {};
    const value = (name: string) => {
      const key = Object.keys(row).find((k) => k.toLowerCase() === name.toLowerCase());
      const v = key === undefined ? null : row[key];
      return v === null || v === undefined ? 'null' : String(v);
    };
    out.push({ table, rows: Number(value('row_count')), checksum: ['row_count', ...columns.map((c) => c.name)].map((n) => `${n}=${value(n)}`).join(';') });
  }
  return out;
}

export interface ViaLocalOptions {
  signal: AbortSignal;
  onProgress: ProgressListener;
  /** Reuse the local bronze tables when they were generated with the same settings. */
  reuse: boolean;
}

export interface ViaLocalReport {
  ok: boolean;
  stages: StageReport[];
  checksums: { table: string; rows: number; local: string; snowflake: string; match: boolean }[];
}

async function timed(
  name: string,
  reports: StageReport[],
  work: () => Promise<{ rows?: number; detail: string; ok?: boolean; data?: unknown }>,
): Promise<boolean> {
  const started = performance.now();
  let outcome: { rows?: number; detail: string; ok?: boolean; data?: unknown };
  try {
    outcome = await work();
  } catch (err) {
    const { InterruptedError, UserError } = await import('../core/errors.js');
    if (err instanceof InterruptedError) throw err;
    // Snowflake's refusal (its code and message) is the stage's detail; a bug keeps its stack.
    if (!(err instanceof UserError) && !(err instanceof Error && err.name === 'SnowflakeQueryError')) throw err;
    outcome = { detail: err.message.split('\n')[0]!, ok: false };
  }
  const seconds = (performance.now() - started) / 1000;
  reports.push({
    stage: name,
    status: outcome.ok === false ? 'failed' : 'ok',
    seconds: Number(seconds.toFixed(3)),
    rows: outcome.rows ?? null,
    rowsPerSecond: outcome.rows && seconds > 0 ? Math.round(outcome.rows / seconds) : null,
    detail: outcome.detail,
    ...(outcome.data === undefined ? {} : { data: outcome.data }),
  });
  return outcome.ok !== false;
}

/** The seed's fallback path; stops at the first stage that fails. */
export async function runViaLocal(snowflake: Backend, local: Backend, config: RunConfig, options: ViaLocalOptions): Promise<ViaLocalReport> {
  const { signal, onProgress } = options;
  const tables = await viaLocalTables(config.pack);
  const stages: StageReport[] = [];
  const context = { backend: local, config, signal, onProgress };
  const go = async () => {
    if (
      !(await timed('generate (local)', stages, async () => {
        const { lastGenerationSettings } = await import('../telemetry/telemetry.js');
        const last = options.reuse ? await lastGenerationSettings(local).catch(() => null) : null;
        if (last && last.scale === config.scale && last.seed === config.seed && last.asOf === config.asOf) {
          return { detail: `the local warehouse already holds scale ${config.scale}, seed ${config.seed}, as-of ${config.asOf}: reused` };
        }
        const { pipelineStage } = await import('../pipeline/stages.js');
        const outcome = await (await pipelineStage(config.pack, 'generate')).run(context);
        return { ...outcome, detail: outcome.detail ?? 'generated' };
      }))
    )
      return;
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-parquet-'));
    try {
      if (
        !(await timed('write parquet', stages, async () => {
          let rows = 0;
          for (const { table, key } of tables) {
            const file = path.join(folder, `${table.toLowerCase()}.parquet`);
            await local.query(renderSqlFile([...DIR, 'export_parquet.sql'], { table, key, file: sqlLiteral(file) }), { signal });
            const count = await local.query(`SELECT COUNT(*) AS n FROM CUSTOMER_ANALYTICS.BRONZE.${table}`);
            rows += Number(count.rows[0]!.n);
          }
          const bytes = fs.readdirSync(folder).reduce((sum, f) => sum + fs.statSync(path.join(folder, f)).size, 0);
          return { rows, detail: `${tables.length} files, ${(bytes / 1e6).toFixed(1)} MB` };
        }))
      )
        return;
      if (
        !(await timed('put + copy into bronze', stages, async () => {
          const files = sqlLiteral(`file://${folder.split(path.sep).join('/')}/*.parquet`);
          const script = renderSqlFile([...DIR, 'load_bronze.sql'], { files, tables: tables.map((t) => t.table) });
          let rows = 0;
          for (const statement of splitStatements(script)) {
            const result = await snowflake.query(statement.text, { signal });
            if (/^COPY\b/i.test(statement.text)) rows += result.rows.reduce((sum, r) => sum + Number(r.rows_loaded ?? r.ROWS_LOADED ?? 0), 0);
          }
          return { rows, detail: `${rows.toLocaleString('en-US')} rows loaded from @BRONZE.C360_LOAD` };
        }))
      )
        return;
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
    const steps: [string, string, (rows: Row[]) => { detail: string; ok?: boolean }][] = [
      [
        'dbt build (EXECUTE DBT PROJECT)',
        'dbt_build.sql',
        (rows) => {
          const row = rows[0] ?? {};
          const success = Object.entries(row).find(([k]) => k.toLowerCase() === 'success')?.[1];
          const stdout = String(Object.entries(row).find(([k]) => k.toLowerCase() === 'stdout')?.[1] ?? '');
          const ok = success === undefined || success === true || String(success).toLowerCase() === 'true';
          return {
            ok,
            detail: ok
              ? `dbt build succeeded on Snowflake (${stdout.split('\n').filter(Boolean).length} nodes)`
              : `dbt build failed: ${stdout.split('\n').slice(-3).join(' ')}`,
          };
        },
      ],
      ['churn train (sql/ml)', 'churn_train.sql', () => ({ detail: 'churn model trained, evaluated and gated on Snowflake' })],
      ['share refresh', 'share_refresh.sql', () => ({ detail: 'secure views refreshed and granted to the share' })],
    ];
    for (const [name, file, read] of steps) {
      const [statement] = splitStatements(renderSqlFile([...DIR, file], {}));
      if (!(await timed(name, stages, async () => read((await snowflake.query(statement!.text, { signal })).rows)))) return;
    }
    await timed('validate (12 checks on Snowflake)', stages, async () => {
      const { validateStageRun } = await import('../validate/stage.js');
      const outcome = await validateStageRun({ backend: snowflake, config, signal, onProgress });
      return { ...outcome, detail: outcome.detail ?? '' };
    });
  };
  await go();
  let checksums: ViaLocalReport['checksums'] = [];
  if (stages.some((s) => s.stage === 'put + copy into bronze' && s.status === 'ok')) {
    const [mine, theirs] = [await bronzeChecksums(local, tables, signal), await bronzeChecksums(snowflake, tables, signal)];
    checksums = mine.map((m, i) => ({
      table: m.table,
      rows: m.rows,
      local: m.checksum,
      snowflake: theirs[i]!.checksum,
      match: m.checksum === theirs[i]!.checksum,
    }));
  }
  return { ok: stages.every((s) => s.status === 'ok') && checksums.length > 0 && checksums.every((c) => c.match), stages, checksums };
}
