import type { TaskHistoryRow } from '../../orchestration/types.js';
import type { Block } from '../types.js';

export function durationSeconds(row: TaskHistoryRow): number | null {
  if (!row.query_start_time || !row.completed_time) return null;
  const ms = Date.parse(row.completed_time) - Date.parse(row.query_start_time);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

/** TASK_HISTORY rows as a tree-free, colour-coded list and a table. */
export function historyBlocks(rows: TaskHistoryRow[], title = 'TASK_HISTORY'): Block[] {
  const nodes = rows.map((r) => {
    const seconds = durationSeconds(r);
    const when = (r.query_start_time ?? r.scheduled_time).replace('T', ' ').slice(0, 19);
    return {
      label: `${r.state.padEnd(9)} ${r.name}`,
      detail: [when, seconds === null ? (r.state === 'EXECUTING' ? 'running…' : '') : `${seconds.toFixed(1)} s`, r.error_message ?? ''].filter(Boolean).join(' · '),
      state: r.state,
      children: [],
    };
  });
  return [
    { kind: 'tree', title, nodes: nodes.length > 0 ? [{ label: `${rows.length} task run(s), newest first`, children: nodes }] : [{ label: 'no task runs recorded yet (trigger one in the previous scene)', children: [] }] },
  ];
}

