import type { Backend } from '../../backends/backend.js';
import { UserError } from '../../core/errors.js';
import { renderSqlFile } from '../../util/sql-template.js';
import { loadDag, type StreamDefinition, type TaskDefinition } from '../dag.js';
import type { StreamAppendResult, StreamStatus } from '../types.js';
import { EMULATION_SCHEMA, ensureEmulation, sqlString, sqlTimestamp } from './store.js';

export const FACT_TABLE = 'GOLD.FCT_TRANSACTIONS';

function render(file: string, values: Record<string, unknown>): string {
  return renderSqlFile(['src', 'orchestration', 'local', file], values);
}

export function streamDefinition(backend: Backend, name?: string): StreamDefinition {
  const dag = loadDag(backend.pack);
  const wanted = name?.toUpperCase().split('.').pop();
  const stream = wanted ? dag.streams.find((s) => s.name === wanted) : dag.streams[0];
  if (!stream) throw new UserError(`Stream '${name ?? '?'}' does not exist or not authorized.`);
  return stream;
}

function parts(table: string): { schema: string; name: string } {
  const [schema, name] = table.includes('.') ? table.split('.').slice(-2) : ['BRONZE', table];
  return { schema: schema!, name: name! };
}

export async function relationExists(backend: Backend, qualified: string): Promise<boolean> {
  const { schema, name } = parts(qualified);
  const result = await backend.query(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_catalog = current_database() ` +
      `AND upper(table_schema) = ${sqlString(schema.toUpperCase())} AND upper(table_name) = ${sqlString(name.toUpperCase())}`,
  );
  return Number(result.rows[0]!.n) > 0;
}

interface StreamState {
  stream: StreamDefinition;
  key: string;
  view: string;
  note?: string;
}

/**
 * Makes sure the emulated stream exists and is valid: created at the source table's current end
 * the first time; when the source table was recreated (fewer or other rows below the offset than
 * when it was set), started again at the new end, as re-running pipeline_tasks.sql would.
 */
export async function ensureStream(backend: Backend, name?: string): Promise<StreamState> {
  const dag = loadDag(backend.pack);
  await ensureEmulation(backend, dag);
  const stream = streamDefinition(backend, name);
  // The column that orders the source's rows (new rows get higher keys), from the pack's manifest.
  const key = backend.pack.streamKeys[stream.table];
  if (!key) throw new Error(`the local emulation does not know the key column of ${stream.table}`);
  if (!(await relationExists(backend, stream.table))) {
    throw new UserError(
      `Object '${stream.table}' does not exist or not authorized.`,
      undefined,
      'generate the bronze layer first: c360-demo generate --scale test',
    );
  }
  const existing = await backend.query(
    `SELECT offset_id, rows_at_offset FROM ${EMULATION_SCHEMA}.stream_offsets WHERE stream_name = ${sqlString(stream.name)}`,
  );
  const offset = existing.rows[0] ? Number(existing.rows[0].offset_id) : null;
  const stats = await backend.query(
    `SELECT count(*) AS total, coalesce(max(${key}), 0) AS max_id, count(*) FILTER (WHERE ${key} <= ${offset ?? 0}) AS below FROM ${stream.table}`,
  );
  const total = Number(stats.rows[0]!.total);
  const maxId = Number(stats.rows[0]!.max_id);
  const below = Number(stats.rows[0]!.below);
  let note: string | undefined;
  if (offset === null) {
    await backend.execute(
      `INSERT INTO ${EMULATION_SCHEMA}.stream_offsets VALUES (${sqlString(stream.name)}, ${sqlString(stream.table)}, ${maxId}, ${total}, ${sqlTimestamp(new Date())}, NULL, 0)`,
    );
  } else if (below !== Number(existing.rows[0]!.rows_at_offset)) {
    note = `${stream.table} was recreated since the stream last read it; the stream starts again at its end`;
    await backend.execute(
      `UPDATE ${EMULATION_SCHEMA}.stream_offsets SET offset_id = ${maxId}, rows_at_offset = ${total}, created_on = ${sqlTimestamp(new Date())} WHERE stream_name = ${sqlString(stream.name)}`,
    );
  }
  const { schema } = parts(stream.table);
  const view = `${schema}.${stream.name}`;
  await backend.execute(render('stream_view.sql', { view, source: stream.table, key, stream: stream.name }));
  return { stream, key, view, ...(note ? { note } : {}) };
}

export async function streamHasData(backend: Backend, name?: string): Promise<boolean> {
  const { view } = await ensureStream(backend, name);
  const result = await backend.query(`SELECT EXISTS (SELECT 1 FROM ${view}) AS has_data`);
  return result.rows[0]!.has_data === true;
}

export async function streamStatusLocal(backend: Backend, options: { limit?: number } = {}): Promise<StreamStatus> {
  const state = await ensureStream(backend);
  const limit = Math.max(0, Math.min(options.limit ?? 10, 1000));
  const count = await backend.query(`SELECT count(*) AS n FROM ${state.view}`);
  const pending = Number(count.rows[0]!.n);
  const sample = await backend.query(`SELECT * FROM ${state.view} ORDER BY ${state.key} LIMIT ${limit}`);
  return {
    stream: state.stream.name,
    source_table: state.stream.table,
    has_data: pending > 0,
    pending_rows: pending,
    rows: sample.rows,
    columns: sample.columns,
    ...(state.note ? { note: state.note } : {}),
  };
}

export async function streamAppendLocal(backend: Backend, n: number): Promise<StreamAppendResult> {
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`stream append needs a positive whole number of transactions, got ${n}`);
  if (n > 1_000_000) throw new UserError(`stream append adds at most 1,000,000 transactions at a time, got ${n}`);
  const state = await ensureStream(backend);
  const before = await backend.query(`SELECT coalesce(max(${state.key}), 0) AS max_id FROM ${state.stream.table}`);
  const maxId = Number(before.rows[0]!.max_id);
  const customers = await backend.query('SELECT count(*) AS n FROM BRONZE.BRONZE_CUSTOMERS');
  if (Number(customers.rows[0]!.n) === 0)
    throw new UserError('BRONZE.BRONZE_CUSTOMERS is empty', undefined, 'generate the bronze layer first: c360-demo generate --scale test');
  await backend.execute(render('stream_append.sql', { n }));
  const after = await backend.query(`SELECT count(*) AS n FROM ${state.view}`);
  return { appended: n, first_transaction_id: maxId + 1, last_transaction_id: maxId + n, pending_rows: Number(after.rows[0]!.n) };
}

export interface MergeOutcome {
  merged_rows: number;
  consumed_rows: number;
  fact_rows_before: number;
  fact_rows_after: number;
}

/**
 * The body of process_incremental_transactions, locally: the MERGE exactly as pipeline_tasks.sql
 * writes it (reading the emulated stream view), and the offset advance, in one transaction. If
 * anything fails before COMMIT, neither the fact table nor the offset moves.
 */
export async function mergeStream(backend: Backend, task: TaskDefinition, hooks: { beforeMergeCommit?: () => Promise<void> } = {}): Promise<MergeOutcome> {
  const state = await ensureStream(backend);
  if (!(await relationExists(backend, FACT_TABLE))) {
    throw new Error(`Object 'CUSTOMER_ANALYTICS.${FACT_TABLE}' does not exist or not authorized. (build it first: c360-demo dbt build)`);
  }
  return backend.transaction(async () => {
    const pending = await backend.query(`SELECT count(*) AS n, max(${state.key}) AS max_id FROM ${state.view}`);
    const consumed = Number(pending.rows[0]!.n);
    const newOffset = pending.rows[0]!.max_id;
    const before = Number((await backend.query(`SELECT count(*) AS n FROM ${FACT_TABLE}`)).rows[0]!.n);
    await backend.execute(task.definition);
    const after = Number((await backend.query(`SELECT count(*) AS n FROM ${FACT_TABLE}`)).rows[0]!.n);
    if (newOffset !== null && newOffset !== undefined) {
      await backend.execute(
        `UPDATE ${EMULATION_SCHEMA}.stream_offsets SET offset_id = ${Number(newOffset)}, ` +
          `rows_at_offset = (SELECT count(*) FROM ${state.stream.table} WHERE ${state.key} <= ${Number(newOffset)}), ` +
          `last_consumed_on = ${sqlTimestamp(new Date())}, consumed_rows = consumed_rows + ${consumed} ` +
          `WHERE stream_name = ${sqlString(state.stream.name)}`,
      );
    }
    await hooks.beforeMergeCommit?.();
    return { merged_rows: after - before, consumed_rows: consumed, fact_rows_before: before, fact_rows_after: after };
  });
}
