import type { Backend, ProgressListener } from '../../backends/backend.js';
import type { RunConfig } from '../../core/config.js';
import { InterruptedError, UserError } from '../../core/errors.js';
import type { StageOutcome } from '../../pipeline/pipeline.js';
import { childrenOf, findTask, loadDag, rootOf, type DagDefinition, type TaskDefinition } from '../dag.js';
import { nextScheduledTime } from '../schedule.js';
import { STREAM_PROCESS_STAGE } from '../task-body.js';
import type { ExecuteTaskOptions, ExecuteTaskResult, TaskHistoryRow, TaskInfo } from '../types.js';
import { DATABASE, EMULATION_SCHEMA, HistoryWriter, ensureEmulation, historyRowFrom, taskId } from './store.js';

/** Error codes the emulation writes to TASK_HISTORY (Snowflake's numbering where one fits). */
export const TASK_ERROR = {
  /** The object (here: the local stage) does not exist. */
  missing: '002003',
  /** The task's work failed. */
  failed: '100000',
  /** Cancelled (Ctrl-C), as Snowflake's "SQL execution canceled". */
  cancelled: '000604',
} as const;

export { STREAM_PROCESS_STAGE } from '../task-body.js';

/** Unknown names get Snowflake's wording, exit 2. */
export function requireTask(dag: DagDefinition, name: string): TaskDefinition {
  const task = findTask(dag, name);
  if (!task) {
    throw new UserError(
      `Task '${name.toUpperCase()}' does not exist or not authorized.`,
      undefined,
      `tasks are: ${dag.tasks.map((t) => t.name.toLowerCase()).join(', ')}`,
    );
  }
  return task;
}

export async function showTasksLocal(backend: Backend): Promise<TaskInfo[]> {
  const dag = loadDag(backend.pack);
  await ensureEmulation(backend, dag);
  const state = await backend.query(`SELECT name, state FROM ${EMULATION_SCHEMA}.task_state`);
  const stateOf = new Map(state.rows.map((r) => [String(r.name), String(r.state)]));
  return dag.tasks.map((task) => {
    const started = (stateOf.get(task.name) ?? (task.resumed ? 'started' : 'suspended')) === 'started';
    const next = started && task.predecessors.length === 0 ? nextScheduledTime(task.schedule) : null;
    return {
      name: task.name,
      database_name: DATABASE,
      schema_name: dag.schema,
      state: started ? 'started' : 'suspended',
      schedule: task.schedule,
      predecessors: task.predecessors,
      condition: task.condition,
      definition: task.definition,
      warehouse: task.warehouse,
      comment: task.comment,
      next_scheduled_time: next ? next.toISOString() : null,
    };
  });
}

export async function taskHistoryLocal(backend: Backend, options: { limit?: number; name?: string } = {}): Promise<TaskHistoryRow[]> {
  const dag = loadDag(backend.pack);
  await ensureEmulation(backend, dag);
  const limit = Math.max(1, Math.min(options.limit ?? 100, 10_000));
  const where = options.name ? `WHERE name = '${requireTask(dag, options.name).name}'` : '';
  const result = await backend.query(`SELECT * FROM ${EMULATION_SCHEMA}.task_history ${where} ORDER BY seq DESC LIMIT ${limit}`);
  const rows = result.rows.map(historyRowFrom);
  // TASK_HISTORY also lists the next scheduled run of every started root.
  const tasks = await showTasksLocal(backend);
  const upcoming: TaskHistoryRow[] = tasks
    .filter((t) => t.next_scheduled_time && (!options.name || findTask(dag, options.name)?.name === t.name))
    .map((t) => ({
      query_id: null,
      name: t.name,
      database_name: DATABASE,
      schema_name: dag.schema,
      query_text: t.definition,
      condition_text: t.condition,
      state: 'SCHEDULED',
      error_code: null,
      error_message: null,
      scheduled_time: t.next_scheduled_time!,
      query_start_time: null,
      completed_time: null,
      root_task_id: taskId(dag.schema, t.name),
      run_id: Date.parse(t.next_scheduled_time!),
      scheduled_from: 'SCHEDULE',
    }));
  return [...upcoming, ...rows].slice(0, limit);
}

/** What runs a task's work locally: the stage named by the task's `-- local:` annotation. */
export interface LocalTaskRunner {
  runStage(task: TaskDefinition, stage: string, context: { onProgress: ProgressListener; signal: AbortSignal }): Promise<StageOutcome>;
}

class StageMissingError extends Error {}

function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** Runs only the incremental MERGE (`-- local: stream process`); any other stage is missing. */
export function mergeRunner(backend: Backend, hooks: { beforeMergeCommit?: () => Promise<void> } = {}): LocalTaskRunner {
  return {
    async runStage(task, stageName) {
      if (stageName !== STREAM_PROCESS_STAGE) throw new StageMissingError(`local stage '${stageName}' is not a stream process`);
      const { mergeStream } = await import('./stream.js');
      const merged = await mergeStream(backend, task, hooks);
      return { rows: merged.merged_rows, detail: `${merged.merged_rows} rows merged into ${merged.target}`, data: merged };
    },
  };
}

/** The stream MERGE plus the pipeline's stages, by the names pipeline_tasks.sql's `-- local:` lines use. */
export function defaultRunner(backend: Backend, config: RunConfig): LocalTaskRunner {
  const merge = mergeRunner(backend);
  return {
    async runStage(task, stageName, context) {
      if (stageName === STREAM_PROCESS_STAGE) return merge.runStage(task, stageName, context);
      const { pipelineStages } = await import('../../pipeline/stages.js');
      const stages = await pipelineStages(config.pack);
      const stage = stages.find((s) => s.name === stageName);
      if (!stage) {
        throw new StageMissingError(`local stage '${stageName}' does not exist: the pipeline's stages are ${stages.map((s) => s.name).join(', ')}`);
      }
      return stage.run({ backend, config, onProgress: context.onProgress, signal: context.signal });
    },
  };
}

/** Evaluates a task's WHEN condition locally: SYSTEM$STREAM_HAS_DATA('name') is the one it knows. */
async function conditionHolds(backend: Backend, task: TaskDefinition): Promise<boolean> {
  if (!task.condition) return true;
  const match = /^SYSTEM\$STREAM_HAS_DATA\s*\(\s*'([^']+)'\s*\)$/i.exec(task.condition.trim());
  if (!match) throw new Error(`the local emulation cannot evaluate the condition ${task.condition}`);
  const { streamHasData } = await import('./stream.js');
  return streamHasData(backend, match[1]);
}

function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.slice(0, 1000);
}

/**
 * EXECUTE TASK: runs a standalone task or a graph from its root, each child once all its
 * predecessors succeeded. Every state change is written to TASK_HISTORY as it happens. A failed
 * task records its error and its children do not run.
 */
export async function executeTaskLocal(
  backend: Backend,
  name: string,
  options: Omit<ExecuteTaskOptions, 'config'> & ({ runner: LocalTaskRunner } | { config: RunConfig }),
): Promise<ExecuteTaskResult> {
  const dag = loadDag(backend.pack);
  const task = requireTask(dag, name);
  if (task.predecessors.length > 0) {
    throw new UserError(
      `Cannot execute task '${task.name}': EXECUTE TASK runs only a standalone task or the root task of a task graph.`,
      undefined,
      `run the graph from its root: c360-demo tasks execute ${rootOf(dag, task).name.toLowerCase()}`,
    );
  }
  await ensureEmulation(backend, dag);
  // A run left EXECUTING by a process that died can never finish: close it, as Snowflake would time it out.
  await backend.execute(
    `UPDATE ${EMULATION_SCHEMA}.task_history SET state = 'CANCELLED', completed_time = now()::TIMESTAMP, ` +
      `error_code = '${TASK_ERROR.cancelled}', error_message = 'the local process running this task ended before it finished' ` +
      `WHERE state IN ('SCHEDULED', 'EXECUTING')`,
  );
  const stateRows = await backend.query(`SELECT name, state FROM ${EMULATION_SCHEMA}.task_state`);
  const suspended = new Set(stateRows.rows.filter((r) => r.state === 'suspended').map((r) => String(r.name)));

  const runner = 'runner' in options ? options.runner : defaultRunner(backend, options.config);
  const signal = options.signal ?? new AbortController().signal;
  const onStageProgress = options.onStageProgress ?? (() => undefined);
  const started = new Date();
  const run = { rootTaskId: taskId(dag.schema, task.name), runId: started.getTime(), scheduledFrom: 'EXECUTE TASK' };
  const rows: TaskHistoryRow[] = [];
  const outcome = new Map<string, TaskHistoryRow['state']>();
  const runOne = async (current: TaskDefinition): Promise<void> => {
    const writer = await HistoryWriter.schedule(backend, dag.schema, current, run, current === task ? started : new Date());
    const replace = (row: TaskHistoryRow) => {
      const at = rows.findIndex((r) => r.name === row.name && r.run_id === row.run_id);
      if (at >= 0) rows[at] = row;
      else rows.push(row);
      options.onProgress?.(row);
    };
    replace(writer.current);
    let final: TaskHistoryRow;
    let holds = true;
    let conditionError: string | undefined;
    try {
      holds = await conditionHolds(backend, current);
    } catch (err) {
      conditionError = `the WHEN condition could not be evaluated: ${describeError(err)}`;
    }
    if (signal.aborted) {
      final = await writer.finish('CANCELLED', { code: TASK_ERROR.cancelled, message: 'SQL execution canceled' });
    } else if (conditionError) {
      final = await writer.finish('FAILED', { code: TASK_ERROR.failed, message: conditionError });
    } else if (!holds) {
      final = await writer.finish('SKIPPED', { code: null, message: 'Conditional expression for task evaluated to false.' });
    } else {
      replace(await writer.executing());
      try {
        if (!current.localStage) throw new StageMissingError(`task ${current.name} has no "-- local:" stage in pipeline_tasks.sql`);
        const result = await runner.runStage(current, current.localStage, { onProgress: onStageProgress, signal });
        if (result.ok === false) {
          final = await writer.finish('FAILED', {
            code: TASK_ERROR.failed,
            message: `stage '${current.localStage}' failed its check: ${result.detail ?? 'no detail'}`,
          });
        } else {
          final = await writer.finish('SUCCEEDED', undefined, result.detail);
        }
      } catch (err) {
        // Read now: the signal may have aborted while the stage was running.
        if (err instanceof InterruptedError || isAborted(signal)) {
          final = await writer.finish('CANCELLED', { code: TASK_ERROR.cancelled, message: 'SQL execution canceled' });
        } else {
          const code = err instanceof StageMissingError ? TASK_ERROR.missing : TASK_ERROR.failed;
          final = await writer.finish('FAILED', { code, message: describeError(err) });
        }
      }
    }
    replace(final);
    outcome.set(current.name, final.state);
  };

  // Breadth-first through the graph: a child runs once every predecessor has succeeded.
  const queue: TaskDefinition[] = [task];
  const done = new Set<string>();
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (done.has(current.name)) continue;
    done.add(current.name);
    await runOne(current);
    if (outcome.get(current.name) !== 'SUCCEEDED') continue;
    for (const child of childrenOf(dag, current.name)) {
      if (suspended.has(child.name)) continue;
      if (child.predecessors.every((p) => outcome.get(p) === 'SUCCEEDED')) queue.push(child);
    }
  }
  const states = rows.map((r) => r.state);
  const state = states.includes('FAILED') ? 'FAILED' : states.includes('CANCELLED') ? 'CANCELLED' : rows[0]?.state === 'SKIPPED' ? 'SKIPPED' : 'SUCCEEDED';
  if (signal.aborted) throw new InterruptedError('interrupted: the running task was cancelled; its children did not run');
  return { root: task.name, run_id: run.runId, state, tasks: rows };
}
