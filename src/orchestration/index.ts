/**
 * Snowflake's orchestration, incremental and sharing features, one API for both backends:
 * on `backend.kind === 'snowflake'` the real statements run (SHOW TASKS, EXECUTE TASK,
 * TASK_HISTORY(), SYSTEM$STREAM_HAS_DATA, SHOW SHARES, DESC SHARE); on 'local' the emulation in
 * ./local answers in the same shapes, from state kept in the warehouse file.
 * Heavy modules load on first use.
 */
import type { Backend } from '../backends/backend.js';
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
} from './types.js';

export type * from './types.js';
export { loadDag, parseDag, dagProblems, type DagDefinition, type TaskDefinition, type StreamDefinition } from './dag.js';
export { nextScheduledTime } from './schedule.js';

const local = () => import('./local/api.js');
const snowflake = () => import('./snowflake.js');

/** SHOW TASKS. */
export async function showTasks(backend: Backend): Promise<TaskInfo[]> {
  return backend.kind === 'snowflake' ? (await snowflake()).showTasksSnowflake(backend) : (await local()).showTasksLocal(backend);
}

/** EXECUTE TASK NAME: a standalone task or a graph from its root (a child is refused, exit 2). */
export async function executeTask(backend: Backend, name: string, options: ExecuteTaskOptions): Promise<ExecuteTaskResult> {
  return backend.kind === 'snowflake'
    ? (await snowflake()).executeTaskSnowflake(backend, name, options)
    : (await local()).executeTaskLocal(backend, name, options);
}

/** INFORMATION_SCHEMA.TASK_HISTORY(), newest first (upcoming scheduled runs at the top). */
export async function taskHistory(backend: Backend, options: { limit?: number; name?: string } = {}): Promise<TaskHistoryRow[]> {
  return backend.kind === 'snowflake' ? (await snowflake()).taskHistorySnowflake(backend, options) : (await local()).taskHistoryLocal(backend, options);
}

/** SYSTEM$STREAM_HAS_DATA and the pending rows with METADATA$ACTION / ISUPDATE / ROW_ID. */
export async function streamStatus(backend: Backend, options: { limit?: number; stream?: string } = {}): Promise<StreamStatus> {
  return backend.kind === 'snowflake' ? (await snowflake()).streamStatusSnowflake(backend, options) : (await local()).streamStatusLocal(backend, options);
}

/** Inserts n new rows into the pack's first stream's table (n a positive integer; otherwise exit 2, nothing changed). */
export async function streamAppend(backend: Backend, n: number): Promise<StreamAppendResult> {
  return backend.kind === 'snowflake' ? (await snowflake()).streamAppendSnowflake(backend, n) : (await local()).streamAppendLocal(backend, n);
}

/** One run of a stream-consuming task (`task`, or the graph's first): SKIPPED when its stream is empty, else its body. */
export async function streamProcess(backend: Backend, options: { signal?: AbortSignal; task?: string } = {}): Promise<StreamProcessResult> {
  return backend.kind === 'snowflake' ? (await snowflake()).streamProcessSnowflake(backend, options) : (await local()).streamProcessLocal(backend, options);
}

/** SHOW SHARES (the outbound customer_360_insights share; empty until it is created). */
export async function showShares(backend: Backend): Promise<ShareInfo[]> {
  return backend.kind === 'snowflake' ? (await snowflake()).showSharesSnowflake(backend) : (await local()).showSharesLocal(backend);
}

/** DESC SHARE customer_360_insights. */
export async function describeShare(backend: Backend): Promise<ShareDescription> {
  return backend.kind === 'snowflake' ? (await snowflake()).describeShareSnowflake(backend) : (await local()).describeShareLocal(backend);
}

/** A SELECT as the share's consumer: only granted views; anything else "does not exist or not authorized". */
export async function shareQuery(backend: Backend, sql: string): Promise<ShareQueryResult> {
  return backend.kind === 'snowflake' ? (await snowflake()).shareQuerySnowflake(backend, sql) : (await local()).shareQueryLocal(backend, sql);
}
