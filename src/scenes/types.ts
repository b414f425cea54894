import type { Backend, ProgressEvent, Row } from '../backends/backend.js';
import type { CommonOptions } from '../cli/options.js';

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

export interface ExecutedSql {
  label: string;
  sql: string;
  ms?: number;
  rows?: number;
}

export interface SceneResult {
  sceneId: string;
  /** Backend description the data came from ("local DuckDB ...", "snowflake ...", "replay ..."). */
  backend: string;
  blocks: Block[];
  sql: ExecutedSql[];
  elapsedMs: number;
  finishedAt: string;
}

export interface ActionContext {
  backend: Backend;
  options: CommonOptions;
  signal: AbortSignal;
  onProgress: (event: ProgressEvent) => void;
  /** Params from the scene's front matter. */
  params: Record<string, string | number>;
  /** The scene's `content` from its front matter (each action checks the shape it needs). */
  content: Record<string, unknown>;
  /** The scene's SQL files, by name, params applied. */
  sqlFiles: Record<string, string>;
  /** Live detail while a long action runs (the trigger's task states as they change). */
  onLive(blocks: Block[]): void;
  /** Records a query that ran (the TUI shows it with `s`). */
  recordSql(entry: ExecutedSql): void;
}

export type SceneAction = (context: ActionContext) => Promise<Block[]>;

/** A missing table or module: the scene shows its fallback talking points and says why. */
export class SceneUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SceneUnavailableError';
  }
}
