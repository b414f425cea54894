import type { TaskInfo } from '../../orchestration/types.js';
import type { SceneAction, TreeNode } from '../types.js';
import { tasksToTree } from '../../text/charts/tree.js';
import { toTable } from '../sql-run.js';

export function taskNodeDetail(t: TaskInfo): Omit<TreeNode, 'children'> {
  const parts: string[] = [t.state];
  if (t.schedule) parts.push(t.schedule.replace(/^USING CRON\s+/i, 'cron '));
  if (t.predecessors.length > 0) parts.push(`AFTER ${t.predecessors.join(', ')}`);
  if (t.condition) parts.push(`WHEN ${t.condition}`);
  if (t.next_scheduled_time) parts.push(`next ${t.next_scheduled_time.replace('T', ' ').slice(0, 16)}`);
  return { label: t.name, detail: parts.join(' · '), state: t.state === 'started' ? 'scheduled' : 'suspended' };
}

/** Scene 2: SHOW TASKS drawn as a tree (cron root, AFTER chain, the stream task beside it). */
export const taskDag: SceneAction = async (ctx) => {
  const orchestration = await import('../../orchestration/index.js');
  const started = performance.now();
  const tasks = await orchestration.showTasks(ctx.backend);
  ctx.recordSql({ label: 'SHOW TASKS', sql: 'SHOW TASKS IN DATABASE CUSTOMER_ANALYTICS;', ms: Math.round(performance.now() - started), rows: tasks.length });
  const table = toTable(tasks.map((t) => ({ name: t.name, state: t.state, schedule: t.schedule, predecessors: t.predecessors.join(', '), next_scheduled_time: t.next_scheduled_time })));
  return [
    { kind: 'tree', title: 'Task graph', nodes: tasksToTree(tasks, taskNodeDetail) },
    { kind: 'table', title: 'SHOW TASKS', ...table },
  ];
};
