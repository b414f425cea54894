import type { ActionContext, Block, SceneAction } from '../types.js';
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

export interface ActionDefinition {
  run: SceneAction;
  /** Changes the warehouse (the TUI waits for `r`, plain mode skips it unless --execute). */
  mutates?: boolean;
  /** Long-running: no timeout, and the TUI polls this for live detail while it runs. */
  long?: boolean;
  poll?: (ctx: ActionContext) => Promise<Block[]>;
}

/** The named actions scenes can use in their front matter (`action:`). */
export const ACTIONS: Record<string, ActionDefinition> = {
  architecture: { run: architecture },
  'task-dag': { run: taskDag },
  trigger: { run: trigger, mutates: true, long: true, poll: pollTaskHistory },
  monitor: { run: monitor },
  dbt: { run: dbt },
  'customer-360': { run: customer360 },
  churn: { run: churn },
  stream: { run: stream, mutates: true },
  share: { run: share },
  'wrap-up': { run: wrapUp },
};

export const ACTION_IDS: ReadonlySet<string> = new Set(Object.keys(ACTIONS));
