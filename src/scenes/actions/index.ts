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
  /** Schemas the action reads beyond those its scene's SQL names (task metadata, telemetry). */
  reads?: string[];
  /** Schemas a mutating action writes: scenes that read them re-run when revisited. */
  writes?: string[];
}

/** The named actions scenes can use in their front matter (`action:`). */
export const ACTIONS: Record<string, ActionDefinition> = {
  architecture: { run: architecture, reads: ['BRONZE', 'SILVER', 'GOLD'] },
  'task-dag': { run: taskDag, reads: ['ORCHESTRATION'] },
  trigger: { run: trigger, mutates: true, long: true, poll: pollTaskHistory, writes: ['BRONZE', 'SILVER', 'GOLD', 'ML', 'TELEMETRY', 'SHARE', 'ORCHESTRATION'] },
  monitor: { run: monitor, reads: ['ORCHESTRATION', 'TELEMETRY'] },
  dbt: { run: dbt, reads: ['SILVER', 'GOLD'] },
  'customer-360': { run: customer360, reads: ['GOLD'] },
  churn: { run: churn, reads: ['ML', 'GOLD'] },
  stream: { run: stream, mutates: true, writes: ['BRONZE', 'SILVER', 'GOLD', 'ORCHESTRATION'] },
  share: { run: share, reads: ['SHARE', 'GOLD'] },
  'wrap-up': { run: wrapUp, reads: ['ORCHESTRATION', 'TELEMETRY', 'GOLD'] },
};

export const ACTION_IDS: ReadonlySet<string> = new Set(Object.keys(ACTIONS));
