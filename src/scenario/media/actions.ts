import type { ActionRun } from '../../scenes/actions/index.js';
import { dataFlow } from './actions/data-flow.js';
import { sources } from './actions/sources.js';
import { ingestion } from './actions/ingestion.js';
import { streamsTasks } from './actions/streams-tasks.js';
import { liveFeed } from './actions/live-feed.js';
import { feedRun } from './actions/feed-run.js';
import { stagingQuality } from './actions/staging-quality.js';
import { subscriber360 } from './actions/subscriber-360.js';
import { churnRisk } from './actions/churn-risk.js';
import { engagement } from './actions/engagement.js';
import { cohorts } from './actions/cohorts.js';
import { modelGate } from './actions/model-gate.js';
import { wrapUp } from './actions/wrap-up.js';

/** The media pack's own scene actions; their metadata is in pack.yaml (`actions`). */
export const actions: Record<string, ActionRun> = {
  'data-flow': { run: dataFlow },
  sources: { run: sources },
  ingestion: { run: ingestion },
  'streams-tasks': { run: streamsTasks },
  'live-feed': { run: liveFeed },
  'feed-run': { run: feedRun },
  'staging-quality': { run: stagingQuality },
  'subscriber-360': { run: subscriber360 },
  'churn-risk': { run: churnRisk },
  engagement: { run: engagement },
  cohorts: { run: cohorts },
  'model-gate': { run: modelGate },
  'wrap-up': { run: wrapUp },
};
