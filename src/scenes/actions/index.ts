import { importPackModule, type Pack } from '../../core/pack.js';
import type { ActionContext, Block, SceneAction } from '../types.js';
import { actionCatalog, type ActionMeta } from './meta.js';
import { taskDag } from './task-dag.js';
import { trigger, pollTaskHistory } from './trigger.js';
import { monitor } from './monitor.js';
import { dbt } from './dbt.js';

export interface ActionRun {
  run: SceneAction;
  /** Live detail while a long action runs. */
  poll?: (ctx: ActionContext) => Promise<Block[]>;
}

export interface ActionDefinition extends ActionMeta, ActionRun {}

/** The built-in actions: what every pack's task graph, dbt project and checks can show. */
const BUILT_IN: Record<string, ActionRun> = {
  'task-dag': { run: taskDag },
  trigger: { run: trigger, poll: pollTaskHistory },
  monitor: { run: monitor },
  dbt: { run: dbt },
};

/** What a pack's `src/scenario/<pack>/actions.ts` exports: its own scene actions by id. */
interface PackActions {
  actions: Record<string, ActionRun>;
}

function isPackActions(value: unknown): value is PackActions {
  return typeof value === 'object' && value !== null && typeof (value as Partial<PackActions>).actions === 'object';
}

/**
 * The actions the pack's scenes can use (`action:`), with their metadata: the built-in ones and
 * the pack's own, whose code is found by the pack's folder name and loaded with the first scene.
 */
export async function loadActions(pack: Pick<Pack, 'name' | 'actions'>): Promise<Record<string, ActionDefinition>> {
  let own: Record<string, ActionRun> = {};
  if (Object.keys(pack.actions).length > 0) {
    const module = await importPackModule(pack, 'actions');
    if (!isPackActions(module)) throw new Error(`src/scenario/${pack.name}/actions.ts must export actions`);
    own = module.actions;
  }
  const catalog = actionCatalog(pack);
  const runs = { ...BUILT_IN, ...own };
  return Object.fromEntries(Object.entries(runs).map(([id, r]) => [id, { ...catalog[id], ...r }]));
}
