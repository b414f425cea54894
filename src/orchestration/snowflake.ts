import type { Backend, Row } from '../backends/backend.js';
import { UserError } from '../core/errors.js';
import fs from 'node:fs';
import { packPath, readPackFile } from '../core/pack.js';
import { checkConsumerQuery } from './consumer.js';
import { findTask, loadDag, rootOf, type StreamDefinition } from './dag.js';
import { streamTask, targetOf } from './task-body.js';
import { nextScheduledTime } from './schedule.js';
import { loadShare } from './share-definition.js';
import { splitStatements } from '../util/sql-split.js';
import type {
  ExecuteTaskOptions,
  ExecuteTaskResult,
  ShareDescription,
  ShareInfo,
  ShareQueryResult,
  StreamAppendResult,
  StreamProcessResult,
  StreamStatus,
  TaskHistoryRow,
  TaskInfo,
  TaskRunState,
} from './types.js';
import { sleep } from '../util/sleep.js';

/**
 * The same API on a real account: SHOW TASKS, EXECUTE TASK, INFORMATION_SCHEMA.TASK_HISTORY(),
 * SYSTEM$STREAM_HAS_DATA, SHOW SHARES / DESC SHARE, normalised to the shapes the local emulation
 * returns.
 */

const DATABASE = 'CUSTOMER_ANALYTICS';
const TERMINAL: TaskRunState[] = ['SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED'];

/** Column lookup that ignores case (SHOW returns lower-case names, SELECTs upper-case). */
function col(row: Row, name: string): unknown {
  if (name in row) return row[name];
  const key = Object.keys(row).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : row[key];
}

function str(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}

/** Snowflake timestamps ('2025-06-30 10:00:00.000 -0700', ISO, epoch ms) as ISO UTC. */
function iso(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return new Date(value).toISOString();
  const text = String(value).trim();
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d+)?)\s*(Z|[+-]\d\d:?\d\d)?$/.exec(text);
  const normalised = m ? `${m[1]}T${m[2]}${m[3] ? (m[3] === 'Z' ? 'Z' : `${m[3].slice(0, 3)}:${m[3].slice(-2)}`) : 'Z'}` : text;
  const date = new Date(normalised);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

function unqualify(name: string): string {
  return name.split('.').pop()!.replace(/"/g, '').toUpperCase();
}

function parsePredecessors(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => unqualify(String(v)));
  const text = str(value);
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    if (Array.isArray(parsed)) return parsed.map((v) => unqualify(String(v)));
  } catch {
    // older accounts print a comma-separated list
  }
  return text
    .split(',')
    .map((v) => unqualify(v.trim()))
    .filter(Boolean);
}

export async function showTasksSnowflake(backend: Backend): Promise<TaskInfo[]> {
  const result = await backend.query(`SHOW TASKS IN SCHEMA ${DATABASE}.${loadDag(backend.pack).schema}`);
  return result.rows.map((row) => {
    const state = String(col(row, 'state')).toLowerCase() === 'started' ? 'started' : 'suspended';
    const schedule = str(col(row, 'schedule'));
    const predecessors = parsePredecessors(col(row, 'predecessors'));
    const next = state === 'started' && predecessors.length === 0 ? nextScheduledTime(schedule) : null;
    return {
      name: String(col(row, 'name')).toUpperCase(),
      database_name: String(col(row, 'database_name')),
      schema_name: String(col(row, 'schema_name')),
      state,
      schedule,
      predecessors,
      condition: str(col(row, 'condition')),
      definition: String(col(row, 'definition') ?? ''),
      warehouse: str(col(row, 'warehouse')),
      comment: str(col(row, 'comment')),
      next_scheduled_time: next ? next.toISOString() : null,
    } satisfies TaskInfo;
  });
}

function historyRow(row: Row): TaskHistoryRow {
  return {
    query_id: str(col(row, 'query_id')),
    name: String(col(row, 'name')).toUpperCase(),
    database_name: String(col(row, 'database_name')),
    schema_name: String(col(row, 'schema_name')),
    query_text: str(col(row, 'query_text')),
    condition_text: str(col(row, 'condition_text')),
    state: String(col(row, 'state')).toUpperCase() as TaskRunState,
    error_code: str(col(row, 'error_code')),
    error_message: str(col(row, 'error_message')),
    scheduled_time: iso(col(row, 'scheduled_time'))!,
    query_start_time: iso(col(row, 'query_start_time')),
    completed_time: iso(col(row, 'completed_time')),
    root_task_id: String(col(row, 'root_task_id') ?? ''),
    run_id: Number(col(row, 'run_id') ?? 0),
    scheduled_from: String(col(row, 'scheduled_from') ?? ''),
  };
}

export async function taskHistorySnowflake(backend: Backend, options: { limit?: number; name?: string } = {}): Promise<TaskHistoryRow[]> {
  const limit = Math.max(1, Math.min(options.limit ?? 100, 10_000));
  const name = options.name ? `, TASK_NAME => '${unqualify(options.name)}'` : '';
  const result = await backend.query(
    `SELECT * FROM TABLE(${DATABASE}.INFORMATION_SCHEMA.TASK_HISTORY(RESULT_LIMIT => ${limit}${name})) ` +
      `WHERE database_name = '${DATABASE}' ORDER BY scheduled_time DESC`,
  );
  return result.rows.map(historyRow);
}

async function taskOrRefuse(backend: Backend, name: string): Promise<TaskInfo> {
  const tasks = await showTasksSnowflake(backend);
  const wanted = unqualify(name);
  const task = tasks.find((t) => t.name === wanted);
  if (!task)
    throw new UserError(`Task '${wanted}' does not exist or not authorized.`, undefined, `tasks are: ${tasks.map((t) => t.name.toLowerCase()).join(', ')}`);
  if (task.predecessors.length > 0) {
    const dagTask = findTask(loadDag(backend.pack), wanted);
    const root = dagTask ? rootOf(loadDag(backend.pack), dagTask).name.toLowerCase() : 'its root task';
    throw new UserError(
      `Cannot execute task '${wanted}': EXECUTE TASK runs only a standalone task or the root task of a task graph.`,
      undefined,
      `run the graph from its root: c360-demo tasks execute ${root}`,
    );
  }
  return task;
}

/** EXECUTE TASK, then TASK_HISTORY polled until the graph run is over (or `wait: false`). */
export async function executeTaskSnowflake(backend: Backend, name: string, options: Omit<ExecuteTaskOptions, 'config'> = {}): Promise<ExecuteTaskResult> {
  const task = await taskOrRefuse(backend, name);
  const graph = await showTasksSnowflake(backend);
  const members = new Set<string>([task.name]);
  for (let grew = true; grew;) {
    grew = false;
    // Suspended children do not run in a graph run, so the run is over without them.
    for (const t of graph)
      if (!members.has(t.name) && t.state === 'started' && t.predecessors.some((p) => members.has(p))) {
        members.add(t.name);
        grew = true;
      }
  }
  const startedAt = new Date(Date.now() - 5_000);
  await backend.query(`EXECUTE TASK ${DATABASE}.${loadDag(backend.pack).schema}.${task.name}`, { signal: options.signal });
  const result: ExecuteTaskResult = { root: task.name, run_id: 0, state: 'SCHEDULED', tasks: [] };
  if (options.wait === false) return result;
  const seen = new Map<string, string>();
  const deadline = Date.now() + (options.timeoutMs ?? 60 * 60_000);
  let polls = 0;
  let failedPolls = 0;
  while (Date.now() < deadline && !options.signal?.aborted) {
    let rows: Awaited<ReturnType<Backend['query']>>;
    try {
      rows = await backend.query(
        `SELECT * FROM TABLE(${DATABASE}.INFORMATION_SCHEMA.TASK_HISTORY(SCHEDULED_TIME_RANGE_START => TO_TIMESTAMP_LTZ('${startedAt.toISOString()}'))) ` +
          `WHERE database_name = '${DATABASE}' ORDER BY scheduled_time`,
      );
      failedPolls = 0;
    } catch (err) {
      // The graph runs on in Snowflake whether or not one look at its history times out: try
      // again, and give up only when several in a row fail (or on Ctrl-C).
      if (options.signal?.aborted || ++failedPolls >= 3) throw err;
      await sleep(options.pollMs ?? 2_000, options.signal);
      continue;
    }
    const runRows = rows.rows.map(historyRow).filter((r) => members.has(r.name));
    // The run this EXECUTE TASK started: the root's latest manually triggered run; its children share its run_id.
    const root = runRows.filter((r) => r.name === task.name && r.scheduled_from === 'EXECUTE TASK').pop();
    if (root) {
      result.run_id = root.run_id;
      result.tasks = runRows.filter((r) => r.run_id === root.run_id);
      for (const row of result.tasks) {
        const key = `${row.name}:${row.state}`;
        if (seen.get(row.name) !== key) {
          seen.set(row.name, key);
          options.onProgress?.(row);
        }
      }
      const allDone = result.tasks.every((r) => TERMINAL.includes(r.state));
      const stopped = result.tasks.some((r) => r.state !== 'SUCCEEDED' && TERMINAL.includes(r.state));
      if (allDone && (stopped || result.tasks.length === members.size)) break;
    }
    // Quick at first, so a short graph run is reported as soon as it ends; then every pollMs.
    await sleep(Math.min(options.pollMs ?? 2_000, 250 * 2 ** polls++), options.signal);
  }
  const states = result.tasks.map((r) => r.state);
  result.state = states.includes('FAILED')
    ? 'FAILED'
    : states.includes('CANCELLED')
      ? 'CANCELLED'
      : result.tasks[0]?.state === 'SKIPPED'
        ? 'SKIPPED'
        : states.every((s) => s === 'SUCCEEDED') && states.length > 0
          ? 'SUCCEEDED'
          : 'EXECUTING';
  return result;
}

/** The named stream of the pack's graph (its first when no name is given), qualified in the graph's schema. */
function streamOf(backend: Backend, name?: string): { stream: StreamDefinition; qualified: string; key: string | undefined } {
  const dag = loadDag(backend.pack);
  const wanted = name ? unqualify(name) : undefined;
  const stream = wanted ? dag.streams.find((s) => s.name === wanted) : dag.streams[0];
  if (!stream) throw new UserError(`Stream '${wanted ?? '?'}' does not exist or not authorized.`);
  return { stream, qualified: `${DATABASE}.${dag.schema}.${stream.name}`, key: backend.pack.streamKeys[stream.table] };
}

export async function streamStatusSnowflake(backend: Backend, options: { limit?: number; stream?: string } = {}): Promise<StreamStatus> {
  const { stream, qualified, key } = streamOf(backend, options.stream);
  const has = await backend.query(`SELECT SYSTEM$STREAM_HAS_DATA('${qualified}') AS HAS_DATA`);
  const count = await backend.query(`SELECT COUNT(*) AS N FROM ${qualified}`);
  const sample = await backend.query(`SELECT * FROM ${qualified}${key ? ` ORDER BY ${key}` : ''} LIMIT ${Math.max(0, Math.min(options.limit ?? 10, 1000))}`);
  const hasData = col(has.rows[0]!, 'HAS_DATA');
  return {
    stream: stream.name,
    source_table: stream.table,
    has_data: hasData === true || String(hasData).toLowerCase() === 'true',
    pending_rows: Number(col(count.rows[0]!, 'N')),
    rows: sample.rows,
    columns: sample.columns,
  };
}

/** Where a pack keeps the Snowflake statements behind `stream append N`, under sql/<pack>/. */
const STREAM_APPEND_FILE = ['orchestration', 'stream_append.sql'] as const;

export async function streamAppendSnowflake(backend: Backend, n: number): Promise<StreamAppendResult> {
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`stream append needs a positive whole number of rows, got ${n}`);
  if (n > 1_000_000) throw new UserError(`stream append adds at most 1,000,000 rows at a time, got ${n}`);
  if (!fs.existsSync(packPath(backend.pack, 'sql', ...STREAM_APPEND_FILE))) {
    throw new UserError(`the ${backend.pack.name} pack has no stream append: its streams are fed by its sources`, undefined, 'see `c360-demo --help`');
  }
  const { stream, key } = streamOf(backend);
  if (!key) throw new Error(`the pack's manifest names no key column for ${stream.table}`);
  const before = await backend.query(`SELECT COALESCE(MAX(${key}), 0) AS MAX_ID FROM ${DATABASE}.${stream.table}`);
  const maxId = Number(col(before.rows[0]!, 'MAX_ID'));
  await backend.query(`SET append_rows = ${n}`);
  for (const statement of splitStatements(readPackFile(backend.pack, 'sql', ...STREAM_APPEND_FILE))) {
    if (/^SET\s+append_rows\b/i.test(statement.text)) continue;
    await backend.query(statement.text);
  }
  const status = await streamStatusSnowflake(backend, { limit: 0 });
  return { appended: n, first_transaction_id: maxId + 1, last_transaction_id: maxId + n, pending_rows: status.pending_rows };
}

/** One run of a stream-consuming task (the pack's first, or `task`), with its target table's rows before and after. */
export async function streamProcessSnowflake(backend: Backend, options: { task?: string } = {}): Promise<StreamProcessResult> {
  const dag = loadDag(backend.pack);
  const task = streamTask(dag, options.task);
  const target = targetOf(task);
  const qualifiedTarget = target.split('.').length === 3 ? target : `${DATABASE}.${target}`;
  const count = async () => Number(col((await backend.query(`SELECT COUNT(*) AS N FROM ${qualifiedTarget}`)).rows[0]!, 'N'));
  const before = await count();
  const run = await executeTaskSnowflake(backend, task.name);
  const after = await count();
  const history = run.tasks[run.tasks.length - 1] ?? {
    query_id: null,
    name: task.name,
    database_name: DATABASE,
    schema_name: dag.schema,
    query_text: null,
    condition_text: null,
    state: run.state,
    error_code: null,
    error_message: null,
    scheduled_time: new Date().toISOString(),
    query_start_time: null,
    completed_time: null,
    root_task_id: '',
    run_id: run.run_id,
    scheduled_from: 'EXECUTE TASK',
  };
  return { state: history.state, merged_rows: after - before, fact_rows_before: before, fact_rows_after: after, history };
}

export async function showSharesSnowflake(backend: Backend): Promise<ShareInfo[]> {
  const share = loadShare(backend.pack);
  const result = await backend.query(`SHOW SHARES LIKE '${share.name}'`);
  return result.rows
    .filter((r) => String(col(r, 'kind')).toUpperCase() === 'OUTBOUND')
    .map((r) => ({
      created_on: iso(col(r, 'created_on'))!,
      kind: 'OUTBOUND',
      name: unqualify(String(col(r, 'name'))),
      database_name: String(col(r, 'database_name')),
      to: String(col(r, 'to') ?? ''),
      owner: String(col(r, 'owner') ?? ''),
      comment: str(col(r, 'comment')),
    }));
}

export async function describeShareSnowflake(backend: Backend): Promise<ShareDescription> {
  const [share] = await showSharesSnowflake(backend);
  if (!share)
    throw new UserError(
      `Share '${loadShare(backend.pack).name}' does not exist or not authorized.`,
      undefined,
      `run sql/${backend.pack.name}/collaboration/create_share.sql`,
    );
  const result = await backend.query(`DESC SHARE ${share.name}`);
  const grants = await backend.query(`SHOW GRANTS TO SHARE ${share.name}`);
  return {
    share,
    grants: grants.rows.map((r) => ({
      created_on: iso(col(r, 'created_on'))!,
      privilege: String(col(r, 'privilege')),
      granted_on: String(col(r, 'granted_on')),
      name: String(col(r, 'name')),
      granted_to: 'SHARE',
      grantee_name: String(col(r, 'grantee_name')),
      grant_option: 'false',
      granted_by: String(col(r, 'granted_by')),
    })),
    objects: result.rows.map((r) => ({
      kind: String(col(r, 'kind')).toUpperCase() as 'DATABASE' | 'SCHEMA' | 'VIEW',
      name: String(col(r, 'name'))
        .replace(/"/g, '')
        .replace(/^[^.]+\.[^.]+\.(?=[^.]+\.[^.]+\.[^.]+$)/, ''),
      shared_on: iso(col(r, 'shared_on'))!,
    })),
  };
}

/**
 * On Snowflake the provider's session is not the consumer's, so the consumer's rule is applied
 * before the query runs: the same parse-and-allow-list check as locally, against DESC SHARE.
 */
export async function shareQuerySnowflake(backend: Backend, sql: string): Promise<ShareQueryResult> {
  const description = await describeShareSnowflake(backend);
  const granted = description.objects
    .filter((o) => o.kind === 'VIEW')
    .map((o) => {
      const parts = o.name.split('.');
      return {
        name: parts[parts.length - 1]!.toUpperCase(),
        schema: (parts[parts.length - 2] ?? 'PUBLIC').toUpperCase(),
        database: (parts[parts.length - 3] ?? DATABASE).toUpperCase(),
      };
    });
  const { assertSnowflakeReadOnly } = await import('../warehouse/read-only.js');
  assertSnowflakeReadOnly(sql);
  const check = await checkConsumerQuery(sql, granted);
  // Unqualified names resolve in the schema of the share's views, as they would for the consumer.
  await backend.query(`USE SCHEMA ${DATABASE}.${granted[0]?.schema ?? 'PUBLIC'}`);
  const result = await backend.query(sql.trim().replace(/;\s*$/, ''));
  return { columns: result.columns, rows: result.rows, elapsedMs: result.elapsedMs, views: check.views };
}
