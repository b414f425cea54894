import type { Backend } from '../../backends/backend.js';
import { UserError } from '../../core/errors.js';
import fs from 'node:fs';
import { repoPath } from '../../util/paths.js';
import { renderSqlFile } from '../../util/sql-template.js';
import { loadDag, type StreamDefinition, type TaskDefinition } from '../dag.js';
import { bodyStatements, streamsReadBy, targetOf } from '../task-body.js';
import type { StreamAppendResult, StreamStatus } from '../types.js';
import { EMULATION_SCHEMA, ensureEmulation, sqlString, sqlTimestamp } from './store.js';

function render(file: string, values: Record<string, unknown>): string {
  return renderSqlFile(['src', 'orchestration', 'local', file], values);
}

/**
 * Where a pack keeps the DuckDB statement behind `stream append N` (new rows for its first
 * stream's table); a pack whose streams are fed by its sources has none.
 */
const STREAM_APPEND_FILE = (pack: string) => ['src', 'scenario', pack, 'stream_append.sql'] as const;

export function streamDefinition(backend: Backend, name?: string): StreamDefinition {
  const dag = loadDag(backend.pack);
  const wanted = name?.toUpperCase().split('.').pop();
  const stream = wanted ? dag.streams.find((s) => s.name === wanted) : dag.streams[0];
  if (!stream) throw new UserError(`Stream '${name ?? '?'}' does not exist or not authorized.`);
  return stream;
}

/** SCHEMA.TABLE of a stream's source; an unqualified one is in the graph's schema. */
function parts(table: string, graphSchema: string): { schema: string; name: string } {
  const [schema, name] = table.includes('.') ? table.split('.').slice(-2) : [graphSchema, table];
  return { schema: schema!, name: name! };
}

export async function relationExists(backend: Backend, qualified: string): Promise<boolean> {
  const { schema, name } = parts(qualified, loadDag(backend.pack).schema);
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
    `SELECT count(*) AS total, coalesce(max(${key}), 0) AS max_id, coalesce(min(${key}), 1) AS min_id, count(*) FILTER (WHERE ${key} <= ${offset ?? 0}) AS below FROM ${stream.table}`,
  );
  const total = Number(stats.rows[0]!.total);
  const maxId = Number(stats.rows[0]!.max_id);
  const below = Number(stats.rows[0]!.below);
  let note: string | undefined;
  // A stream created with SHOW_INITIAL_ROWS starts before the table's first row, so its first read returns them all.
  const start = stream.showInitialRows ? { id: Math.min(0, Number(stats.rows[0]!.min_id) - 1), rows: 0 } : { id: maxId, rows: total };
  if (offset === null) {
    await backend.execute(
      `INSERT INTO ${EMULATION_SCHEMA}.stream_offsets VALUES (${sqlString(stream.name)}, ${sqlString(stream.table)}, ${start.id}, ${start.rows}, ${sqlTimestamp(new Date())}, NULL, 0)`,
    );
  } else if (below !== Number(existing.rows[0]!.rows_at_offset)) {
    // As re-running pipeline_tasks.sql would recreate the stream: at the table's end, or before its first row.
    note = `${stream.table} was recreated since the stream last read it; the stream starts again ${stream.showInitialRows ? 'with its rows' : 'at its end'}`;
    await backend.execute(
      `UPDATE ${EMULATION_SCHEMA}.stream_offsets SET offset_id = ${start.id}, rows_at_offset = ${start.rows}, created_on = ${sqlTimestamp(new Date())} WHERE stream_name = ${sqlString(stream.name)}`,
    );
  }
  const { schema } = parts(stream.table, dag.schema);
  const view = `${schema}.${stream.name}`;
  await backend.execute(render('stream_view.sql', { view, source: stream.table, key, stream: stream.name }));
  return { stream, key, view, ...(note ? { note } : {}) };
}

export async function streamHasData(backend: Backend, name?: string): Promise<boolean> {
  const { view } = await ensureStream(backend, name);
  const result = await backend.query(`SELECT EXISTS (SELECT 1 FROM ${view}) AS has_data`);
  return result.rows[0]!.has_data === true;
}

export async function streamStatusLocal(backend: Backend, options: { limit?: number; stream?: string } = {}): Promise<StreamStatus> {
  const state = await ensureStream(backend, options.stream);
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
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`stream append needs a positive whole number of rows, got ${n}`);
  if (n > 1_000_000) throw new UserError(`stream append adds at most 1,000,000 rows at a time, got ${n}`);
  const file = STREAM_APPEND_FILE(backend.pack.name);
  if (!fs.existsSync(repoPath(...file))) {
    throw new UserError(`the ${backend.pack.name} pack has no stream append: its streams are fed by its sources`, undefined, 'see `c360-demo --help`');
  }
  const state = await ensureStream(backend);
  const before = await backend.query(`SELECT coalesce(max(${state.key}), 0) AS max_id FROM ${state.stream.table}`);
  const maxId = Number(before.rows[0]!.max_id);
  const generated = backend.pack.built.generated;
  const entities = await backend.query(`SELECT count(*) AS n FROM ${generated}`);
  if (Number(entities.rows[0]!.n) === 0) throw new UserError(`${generated} is empty`, undefined, 'generate the data first: c360-demo generate --scale test');
  await backend.execute(renderSqlFile(file, { n }));
  const after = await backend.query(`SELECT count(*) AS n FROM ${state.view}`);
  return { appended: n, first_transaction_id: maxId + 1, last_transaction_id: maxId + n, pending_rows: Number(after.rows[0]!.n) };
}

export interface MergeOutcome {
  /** The table the task writes first (its MERGE INTO / INSERT INTO). */
  target: string;
  merged_rows: number;
  consumed_rows: number;
  fact_rows_before: number;
  fact_rows_after: number;
}

/**
 * A stream-consuming task's body, locally: its statements exactly as pipeline_tasks.sql writes
 * them (reading the emulated stream views), then every stream it read advanced to what it saw,
 * all in one transaction, as Snowflake advances a stream's offset only when the consuming
 * transaction commits. If anything fails before COMMIT, neither its tables nor the offsets move.
 */
export async function mergeStream(backend: Backend, task: TaskDefinition, hooks: { beforeMergeCommit?: () => Promise<void> } = {}): Promise<MergeOutcome> {
  const dag = loadDag(backend.pack);
  const read = streamsReadBy(dag, task);
  if (read.length === 0) throw new Error(`task ${task.name} reads no stream of the graph`);
  const states: StreamState[] = [];
  for (const stream of read) states.push(await ensureStream(backend, stream.name));
  const target = targetOf(task);
  if (!(await relationExists(backend, target))) {
    throw new Error(`Object '${target}' does not exist or not authorized. (build it first: c360-demo pipeline)`);
  }
  const count = async () => Number((await backend.query(`SELECT count(*) AS n FROM ${target}`)).rows[0]!.n);
  return backend.transaction(async () => {
    const seen: { state: StreamState; rows: number; maxKey: unknown }[] = [];
    for (const state of states) {
      const pending = await backend.query(`SELECT count(*) AS n, max(${state.key}) AS max_id FROM ${state.view}`);
      seen.push({ state, rows: Number(pending.rows[0]!.n), maxKey: pending.rows[0]!.max_id });
    }
    const before = await count();
    for (const statement of bodyStatements(task.definition)) await backend.execute(statement);
    const after = await count();
    for (const { state, rows, maxKey } of seen) {
      if (maxKey === null || maxKey === undefined) continue;
      await backend.execute(
        `UPDATE ${EMULATION_SCHEMA}.stream_offsets SET offset_id = ${Number(maxKey)}, ` +
          `rows_at_offset = (SELECT count(*) FROM ${state.stream.table} WHERE ${state.key} <= ${Number(maxKey)}), ` +
          `last_consumed_on = ${sqlTimestamp(new Date())}, consumed_rows = consumed_rows + ${rows} ` +
          `WHERE stream_name = ${sqlString(state.stream.name)}`,
      );
    }
    await hooks.beforeMergeCommit?.();
    const consumed = seen.reduce((sum, s) => sum + s.rows, 0);
    return { target, merged_rows: after - before, consumed_rows: consumed, fact_rows_before: before, fact_rows_after: after };
  });
}
