import { createHash, randomUUID } from 'node:crypto';
import type { Backend, Row } from '../../backends/backend.js';
import { readRepoFile } from '../../util/paths.js';
import type { DagDefinition, TaskDefinition } from '../dag.js';
import type { TaskHistoryRow, TaskRunState } from '../types.js';

/** The schema holding the emulation's state, in the warehouse file itself. */
export const EMULATION_SCHEMA = '_SNOWFLAKE_EMULATION';
export const DATABASE = 'CUSTOMER_ANALYTICS';

export function sqlString(value: string | null | undefined): string {
  return value === null || value === undefined ? 'NULL' : `'${value.replace(/'/g, "''")}'`;
}

export function sqlTimestamp(date: Date | null): string {
  return date === null ? 'NULL' : `TIMESTAMP '${date.toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/** DuckDB TIMESTAMP values come back as 'YYYY-MM-DD HH:MM:SS(.fff)' in UTC; the API speaks ISO. */
export function isoTime(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/** A stable UUID-shaped id for a task (Snowflake's task ids are UUIDs too). */
export function taskId(schema: string, name: string): string {
  const hex = createHash('sha1').update(`${DATABASE}.${schema}.${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Snowflake-looking query ids: 01bc2d3e-0000-4a5b-0000-00012345abcd. */
export function newQueryId(): string {
  const uuid = randomUUID();
  return `01${uuid.slice(2, 8)}-0000-${uuid.slice(14, 18)}-0000-${uuid.slice(24)}`;
}

const ensured = new WeakSet<Backend>();

/** Creates the emulation schema (idempotent) and seeds task_state from the DAG. */
export async function ensureEmulation(backend: Backend, dag: DagDefinition): Promise<void> {
  if (ensured.has(backend)) return;
  try {
    await backend.execute(readRepoFile('src', 'orchestration', 'local', 'emulation_schema.sql'));
  } catch (err) {
    // A read-only connection (the presenter, `sql`) reads the schema the pipeline created.
    if (!/read-only mode/i.test((err as Error).message)) throw err;
    await backend.query(`SELECT name FROM ${EMULATION_SCHEMA}.task_state LIMIT 1`);
    ensured.add(backend);
    return;
  }
  const existing = await backend.query(`SELECT name FROM ${EMULATION_SCHEMA}.task_state`);
  const known = new Set(existing.rows.map((r) => String(r.name)));
  const now = new Date();
  for (const task of dag.tasks) {
    if (known.has(task.name)) continue;
    await backend.execute(
      `INSERT INTO ${EMULATION_SCHEMA}.task_state VALUES (${sqlString(task.name)}, ${sqlString(taskId(dag.schema, task.name))}, ` +
        `${sqlString(task.resumed ? 'started' : 'suspended')}, ${sqlTimestamp(now)}, NULL)`,
    );
  }
  ensured.add(backend);
}

const HISTORY_COLUMNS = [
  'query_id',
  'name',
  'database_name',
  'schema_name',
  'query_text',
  'condition_text',
  'state',
  'error_code',
  'error_message',
  'scheduled_time',
  'query_start_time',
  'completed_time',
  'root_task_id',
  'run_id',
  'scheduled_from',
] as const;

export function historyRowFrom(row: Row): TaskHistoryRow {
  return {
    query_id: (row.query_id as string | null) ?? null,
    name: String(row.name),
    database_name: String(row.database_name),
    schema_name: String(row.schema_name),
    query_text: (row.query_text as string | null) ?? null,
    condition_text: (row.condition_text as string | null) ?? null,
    state: String(row.state) as TaskRunState,
    error_code: row.error_code === null || row.error_code === undefined ? null : String(row.error_code),
    error_message: (row.error_message as string | null) ?? null,
    scheduled_time: isoTime(row.scheduled_time)!,
    query_start_time: isoTime(row.query_start_time),
    completed_time: isoTime(row.completed_time),
    root_task_id: String(row.root_task_id),
    run_id: Number(row.run_id),
    scheduled_from: String(row.scheduled_from),
  };
}

/** One task run being written to TASK_HISTORY as it happens (each change is its own statement). */
export class HistoryWriter {
  private constructor(
    private readonly backend: Backend,
    readonly seq: number,
    private row: TaskHistoryRow,
  ) {}

  static async schedule(
    backend: Backend,
    schema: string,
    task: TaskDefinition,
    run: { rootTaskId: string; runId: number; scheduledFrom: string },
    scheduledTime = new Date(),
  ): Promise<HistoryWriter> {
    const next = await backend.query(`SELECT coalesce(max(seq), 0) + 1 AS seq FROM ${EMULATION_SCHEMA}.task_history`);
    const seq = Number(next.rows[0]!.seq);
    const row: TaskHistoryRow = {
      query_id: null,
      name: task.name,
      database_name: DATABASE,
      schema_name: schema,
      query_text: task.definition,
      condition_text: task.condition,
      state: 'SCHEDULED',
      error_code: null,
      error_message: null,
      scheduled_time: scheduledTime.toISOString(),
      query_start_time: null,
      completed_time: null,
      root_task_id: run.rootTaskId,
      run_id: run.runId,
      scheduled_from: run.scheduledFrom,
    };
    await backend.execute(
      `INSERT INTO ${EMULATION_SCHEMA}.task_history (seq, ${HISTORY_COLUMNS.join(', ')}, graph_version, return_value, attempt_number) VALUES (` +
        `${seq}, NULL, ${sqlString(row.name)}, ${sqlString(DATABASE)}, ${sqlString(schema)}, ${sqlString(row.query_text)}, ` +
        `${sqlString(row.condition_text)}, 'SCHEDULED', NULL, NULL, ${sqlTimestamp(scheduledTime)}, NULL, NULL, ` +
        `${sqlString(row.root_task_id)}, ${row.run_id}, ${sqlString(row.scheduled_from)}, 1, NULL, 1)`,
    );
    return new HistoryWriter(backend, seq, row);
  }

  get current(): TaskHistoryRow {
    return { ...this.row };
  }

  async executing(): Promise<TaskHistoryRow> {
    const now = new Date();
    this.row = { ...this.row, state: 'EXECUTING', query_id: newQueryId(), query_start_time: now.toISOString() };
    await this.backend.execute(
      `UPDATE ${EMULATION_SCHEMA}.task_history SET state = 'EXECUTING', query_id = ${sqlString(this.row.query_id)}, ` +
        `query_start_time = ${sqlTimestamp(now)} WHERE seq = ${this.seq}`,
    );
    return this.current;
  }

  async finish(
    state: Exclude<TaskRunState, 'SCHEDULED' | 'EXECUTING'>,
    error?: { code: string | null; message: string },
    returnValue?: string,
  ): Promise<TaskHistoryRow> {
    const now = new Date();
    this.row = {
      ...this.row,
      state,
      completed_time: now.toISOString(),
      error_code: error?.code ?? null,
      error_message: error?.message ?? null,
    };
    await this.backend.execute(
      `UPDATE ${EMULATION_SCHEMA}.task_history SET state = ${sqlString(state)}, completed_time = ${sqlTimestamp(now)}, ` +
        `error_code = ${sqlString(error?.code)}, error_message = ${sqlString(error?.message)}, ` +
        `return_value = ${sqlString(returnValue)} WHERE seq = ${this.seq}`,
    );
    return this.current;
  }
}
