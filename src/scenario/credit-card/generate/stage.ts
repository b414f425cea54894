import type { StageContext, StageOutcome } from '../../../pipeline/pipeline.js';
import { LocalDuckDbBackend } from '../../../backends/local/duckdb-backend.js';
import { UserError } from '../../../core/errors.js';
import { generateBronze } from './index.js';
import { recordGeneration } from './telemetry.js';

/** Pipeline stage: bronze generation plus its telemetry (baseline before, delta after). */
export async function generateStageRun(context: StageContext): Promise<StageOutcome> {
  const { backend, config } = context;
  if (!(backend instanceof LocalDuckDbBackend)) {
    throw new UserError('local generation runs on the local backend; on Snowflake run `c360-demo tasks execute generate_customer_data`');
  }
  const params = { customers: config.pack.scales[config.scale], seed: config.seed, asOf: config.asOf };
  const result = await recordGeneration(backend, params, () => generateBronze(backend, params, { onProgress: context.onProgress, signal: context.signal }));
  return {
    rows: result.customers + result.transactions,
    detail: `${result.customers.toLocaleString('en-US')} customers, ${result.transactions.toLocaleString('en-US')} transactions (${result.windowStart} .. ${result.asOf})`,
    data: result,
  };
}
