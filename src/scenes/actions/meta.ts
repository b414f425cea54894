/**
 * What the presenter needs to know about each action before running it: whether it writes, runs
 * long, which schemas it reads and writes. Kept apart from the actions' code, which loads only
 * when the first scene runs (after the first frame).
 */
import type { Pack } from '../../core/pack.js';

export interface ActionMeta {
  /** Changes the warehouse (the TUI waits for `r`, plain mode skips it unless --execute). */
  mutates?: boolean;
  /** Long-running: no timeout, and the TUI polls for live detail while it runs. */
  long?: boolean;
  /** Schemas the action reads beyond those its scene's SQL names (task metadata, telemetry). */
  reads?: string[];
  /** Schemas a mutating action writes: scenes that read them re-run when revisited. */
  writes?: string[];
}

/**
 * The built-in actions. `ORCHESTRATION` and `*` are not schemas: the task metadata, and "every
 * schema" (the trigger rebuilds the whole warehouse, whatever the pack's schemas are).
 */
export const ACTION_META: Record<string, ActionMeta> = {
  'task-dag': { reads: ['ORCHESTRATION'] },
  trigger: { mutates: true, long: true, writes: ['*', 'ORCHESTRATION'] },
  monitor: { reads: ['ORCHESTRATION', 'TELEMETRY'] },
  dbt: { reads: ['*'] },
};

/** The actions a pack's scenes may name: the built-in ones and the pack's own (its manifest's `actions`). */
export function actionCatalog(pack: Pick<Pack, 'actions'>): Record<string, ActionMeta> {
  return { ...ACTION_META, ...pack.actions };
}

/** A scene's action metadata: from the catalog it was loaded with, else the built-in actions'. */
export function actionMetaOf(scene: { action: string; meta?: ActionMeta }): ActionMeta {
  return scene.meta ?? ACTION_META[scene.action] ?? {};
}

export const mutates = (scene: { action: string; meta?: ActionMeta }): boolean => Boolean(actionMetaOf(scene).mutates);
