import type { TaskHistoryRow } from '../../../orchestration/types.js';
import { historyBlocks } from '../../../scenes/actions/history.js';
import { taskNodeDetail } from '../../../scenes/actions/task-dag.js';
import type { Block, SceneAction } from '../../../scenes/types.js';
import { num, runSceneSql, str } from '../../../scenes/sql-run.js';
import { tasksToTree } from '../../../text/charts/tree.js';
import { count } from './shared.js';

/** Enough runs to count a few minutes of a live feed's 1-second ticks. */
const HISTORY_LIMIT = 2000;

/**
 * The staging graph (SHOW TASKS), each stream's SYSTEM$STREAM_HAS_DATA with the rows behind it,
 * and TASK_HISTORY: runs per task by state (SUCCEEDED, SKIPPED when the stream was empty) and
 * the latest runs.
 */
export const streamsTasks: SceneAction = async (ctx) => {
  const orchestration = await import('../../../orchestration/index.js');
  const timed = async <T>(label: string, sql: string, work: () => Promise<T>, rows: (out: T) => number): Promise<T> => {
    const started = performance.now();
    const out = await work();
    ctx.recordSql({ label, sql, ms: Math.round(performance.now() - started), rows: rows(out) });
    return out;
  };
  const tasks = await timed(
    'SHOW TASKS',
    'SHOW TASKS IN SCHEMA CUSTOMER_ANALYTICS.SFE_RAW_MEDIA;',
    () => orchestration.showTasks(ctx.backend),
    (t) => t.length,
  );
  const streams = await runSceneSql(ctx, 'streams_pending.sql');
  const history = await timed(
    'TASK_HISTORY',
    `SELECT * FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(RESULT_LIMIT => ${HISTORY_LIMIT})) ORDER BY scheduled_time DESC;`,
    () => orchestration.taskHistory(ctx.backend, { limit: HISTORY_LIMIT }),
    (h) => h.length,
  );
  const ran = history.filter((r) => r.state !== 'SCHEDULED');
  const byTask = new Map<string, Record<string, number>>();
  for (const run of ran) {
    const states = byTask.get(run.name) ?? {};
    states[run.state] = (states[run.state] ?? 0) + 1;
    byTask.set(run.name, states);
  }
  const streamTasks = tasks.filter((t) => t.condition);

  const blocks: Block[] = [
    { kind: 'tree', title: 'Task graph', nodes: tasksToTree(tasks, taskNodeDetail) },
    {
      kind: 'table',
      title: 'SYSTEM$STREAM_HAS_DATA per stream, with the rows waiting',
      columns: ['stream', 'has data', 'waiting', 'read by'],
      rows: streams.rows.map((r) => ({
        stream: str(r.stream),
        'has data': num(r.pending_rows) > 0 ? 'TRUE' : 'FALSE',
        waiting: count(r.pending_rows),
        'read by': streamTasks.find((t) => t.condition?.toUpperCase().includes(str(r.stream)))?.name ?? '',
      })),
    },
    {
      kind: 'table',
      title: 'TASK_HISTORY: runs per task',
      columns: ['task', 'succeeded', 'skipped', 'failed', 'last run'],
      rows: tasks.map((t) => {
        const states = byTask.get(t.name) ?? {};
        const last: TaskHistoryRow | undefined = ran.find((r) => r.name === t.name);
        return {
          task: t.name,
          succeeded: count(states.SUCCEEDED ?? 0),
          skipped: count(states.SKIPPED ?? 0),
          failed: count(states.FAILED ?? 0),
          'last run': last ? `${last.state} ${(last.query_start_time ?? last.scheduled_time).slice(11, 19)}` : 'never',
        };
      }),
    },
    ...historyBlocks(ran.slice(0, 8), 'TASK_HISTORY: latest runs'),
  ];
  return blocks;
};
