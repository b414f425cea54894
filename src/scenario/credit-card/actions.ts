import type { ActionRun } from '../../scenes/actions/index.js';
import { architecture } from './actions/architecture.js';
import { customer360 } from './actions/customer-360.js';
import { churn } from './actions/churn.js';
import { stream } from './actions/stream.js';
import { share } from './actions/share.js';
import { wrapUp } from './actions/wrap-up.js';

/** The credit-card pack's own scene actions; their metadata is in pack.yaml (`actions`). */
export const actions: Record<string, ActionRun> = {
  architecture: { run: architecture },
  'customer-360': { run: customer360 },
  churn: { run: churn },
  stream: { run: stream },
  share: { run: share },
  'wrap-up': { run: wrapUp },
};
