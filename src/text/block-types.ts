import type { Row } from '../backends/backend.js';

/**
 * What a scene's action returns: plain, JSON-safe data (so it can be recorded, replayed, printed
 * as text or drawn by the TUI) plus the SQL it actually ran.
 */
export type Block =
  | { kind: 'kpis'; title?: string; items: { label: string; value: string }[] }
  | { kind: 'table'; title?: string; columns: string[]; rows: Row[] }
  | { kind: 'bars'; title?: string; items: { label: string; value: number }[]; format?: 'int' | 'money' | 'pct' | 'decimal' }
  | { kind: 'line'; title?: string; labels: string[]; values: number[]; format?: 'int' | 'money' | 'pct' | 'decimal' }
  | { kind: 'roc'; title?: string; points: { fpr: number; tpr: number }[]; auc?: number }
  | { kind: 'dag'; title?: string; nodes: { id: string; group?: string }[]; edges: [string, string][] }
  | { kind: 'tree'; title?: string; nodes: TreeNode[] }
  | { kind: 'flow'; title?: string; stages: { title: string; lines: string[] }[] }
  | { kind: 'checks'; title?: string; items: { name: string; status: 'pass' | 'warn' | 'fail'; observed: string; expected: string }[] }
  | { kind: 'text'; title?: string; lines: string[] };

export interface TreeNode {
  label: string;
  /** Shown after the label, e.g. "SUCCEEDED · next 2025-07-06 02:00". */
  detail?: string;
  /** Colours the line: succeeded/failed/executing/scheduled/suspended. */
  state?: string;
  children: TreeNode[];
}
