import type { ExecuteTaskResult, TaskHistoryRow, TaskInfo } from '../../orchestration/types.js';
import type { SceneAction } from '../types.js';
import { historyBlocks } from './history.js';
import { warehouseState } from '../warehouse.js';

/** Scene 3: EXECUTE TASK on the root of the graph; progress is reported as tasks change state. */
export const trigger: SceneAction = async (ctx) => {
  const orchestration = await import('../../orchestration/index.js');
  const tasks = await orchestration.showTasks(ctx.backend);
  const root = tasks.find((t) => t.predecessors.length === 0 && t.schedule && !t.condition && tasks.some((c) => c.predecessors.includes(t.name)));
  if (!root) throw new Error('no root task with children found in SHOW TASKS');
  // Regenerate at the scale the warehouse was built with, not the CLI default.
  const state = await warehouseState(ctx.backend).catch(() => undefined);
  const scale = state?.scale ?? ctx.config.scale;
  const sql = `EXECUTE TASK ${root.schema_name}.${root.name};`;
  const seen = new Map<string, TaskHistoryRow>();
  const graphSize = countGraph(tasks, root.name);
  const started = performance.now();
  const result = (await orchestration.executeTask(ctx.backend, root.name, {
    signal: ctx.signal,
    config: { ...ctx.config, scale },
    onProgress: (row: TaskHistoryRow) => {
      seen.set(row.name, row);
      const rows = [...seen.values()];
      const done = rows.filter((r) => r.state !== 'EXECUTING' && r.state !== 'SCHEDULED').length;
      ctx.onLive([{ kind: 'text', lines: [`${done} of ${graphSize} task(s) finished`] }, ...historyBlocks([...rows].reverse(), 'TASK_HISTORY (live)')]);
    },
    onStageProgress: ctx.onProgress,
  })) as ExecuteTaskResult;
  ctx.recordSql({ label: 'EXECUTE TASK', sql, ms: Math.round(performance.now() - started), rows: result.tasks.length });
  return [
    { kind: 'kpis', title: `Graph run ${result.run_id} from ${result.root}`, items: [{ label: 'state', value: result.state }, { label: 'tasks', value: String(result.tasks.length) }, { label: 'scale', value: scale }, { label: 'wall time', value: `${((performance.now() - started) / 1000).toFixed(1)} s` }] },
    ...historyBlocks([...result.tasks].reverse(), 'Tasks of this run'),
  ];
};

/** The root and every task reachable from it through AFTER. */
function countGraph(tasks: TaskInfo[], root: string): number {
  const inGraph = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of tasks) if (!inGraph.has(t.name) && t.predecessors.some((p) => inGraph.has(p))) { inGraph.add(t.name); grew = true; }
  }
  return inGraph.size;
}

/** While the trigger runs, the TUI polls this for the live TASK_HISTORY. */
export async function pollTaskHistory(ctx: Parameters<SceneAction>[0]): Promise<ReturnType<typeof historyBlocks>> {
  const orchestration = await import('../../orchestration/index.js');
  const rows = await orchestration.taskHistory(ctx.backend, { limit: 12 });
  return historyBlocks(rows.slice(0, 12), 'TASK_HISTORY (live)');
}
