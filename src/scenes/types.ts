import type { Backend, ProgressEvent } from '../backends/backend.js';
import type { Block } from '../text/block-types.js';
import type { RunConfig } from '../core/config.js';

export type { Block, TreeNode } from '../text/block-types.js';

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
  config: RunConfig;
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

/** A missing table: the scene shows its fallback talking points and says why. */
export class SceneUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SceneUnavailableError';
  }
}
