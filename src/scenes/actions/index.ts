import type { ActionContext, Block, SceneAction } from '../types.js';
import { ACTION_META, type ActionMeta } from './meta.js';
import { architecture } from './architecture.js';
import { taskDag } from './task-dag.js';
import { trigger, pollTaskHistory } from './trigger.js';
import { monitor } from './monitor.js';
import { dbt } from './dbt.js';
import { customer360 } from './customer-360.js';
import { churn } from './churn.js';
import { stream } from './stream.js';
import { share } from './share.js';
import { wrapUp } from './wrap-up.js';

export interface ActionDefinition extends ActionMeta {
  run: SceneAction;
  poll?: (ctx: ActionContext) => Promise<Block[]>;
}

const RUNS: Record<string, Pick<ActionDefinition, 'run' | 'poll'>> = {
  architecture: { run: architecture },
  'task-dag': { run: taskDag },
  trigger: { run: trigger, poll: pollTaskHistory },
  monitor: { run: monitor },
  dbt: { run: dbt },
  'customer-360': { run: customer360 },
  churn: { run: churn },
  stream: { run: stream },
  share: { run: share },
  'wrap-up': { run: wrapUp },
};

/** The named actions scenes can use in their front matter (`action:`), with their metadata. */
export const ACTIONS: Record<string, ActionDefinition> = Object.fromEntries(Object.entries(RUNS).map(([id, r]) => [id, { ...ACTION_META[id], ...r }]));

export { ACTION_IDS } from './meta.js';
