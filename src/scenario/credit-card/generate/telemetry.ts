import type { Backend } from '../../../backends/backend.js';
import { readRepoFile } from '../../../util/paths.js';
import { tableExists } from '../../../warehouse/schemas.js';
import { ensureTelemetryTables, newRunId, valuesList } from '../../../telemetry/telemetry.js';
import type { GenerationParams, GenerationResult } from './index.js';

/** The credit-card generation's own telemetry (the seed's 01_baseline_metrics, 04_delta_analysis, segment telemetry). */
const sqlFile = (name: string) => readRepoFile('src', 'scenario', 'credit-card', 'generate', name);

async function snapshotMetrics(backend: Backend, runId: string, phase: 'baseline' | 'post'): Promise<void> {
  if (!(await tableExists(backend, 'BRONZE.BRONZE_TRANSACTIONS'))) return;
  const { rows } = await backend.query(sqlFile('bronze_metrics.sql'));
  if (rows.length === 0) return;
  const values = valuesList(rows.map((r) => [runId, phase, String(r.metric), r.value === null ? null : Number(r.value)]));
  await backend.execute(`INSERT INTO TELEMETRY.METRIC_SNAPSHOTS SELECT *, current_timestamp FROM (VALUES ${values})`);
}

/**
 * Wraps a generation with the seed's telemetry: metrics before (baseline) and after (delta), the
 * per-stage timings, and a per-segment snapshot.
 */
export async function recordGeneration(backend: Backend, params: GenerationParams, generate: () => Promise<GenerationResult>): Promise<GenerationResult> {
  await ensureTelemetryTables(backend);
  const runId = newRunId();
  await snapshotMetrics(backend, runId, 'baseline');
  let result: GenerationResult;
  try {
    result = await generate();
  } catch (err) {
    // A generation that did not complete leaves no trace: its baseline goes with it.
    await backend.execute(`DELETE FROM TELEMETRY.METRIC_SNAPSHOTS WHERE run_id = '${runId}'`);
    throw err;
  }
  const rate = (rows: number, seconds: number) => (seconds > 0 ? rows / seconds : null);
  await backend.execute(`INSERT INTO TELEMETRY.GENERATION_TELEMETRY
    SELECT *, current_timestamp FROM (VALUES ${valuesList([
      [
        runId,
        'generate_customers',
        result.customers,
        result.customerSeconds,
        rate(result.customers, result.customerSeconds),
        params.seed,
        params.customers,
        params.asOf,
      ],
      [
        runId,
        'generate_transactions',
        result.transactions,
        result.transactionSeconds,
        rate(result.transactions, result.transactionSeconds),
        params.seed,
        params.customers,
        params.asOf,
      ],
    ])})`);
  await snapshotMetrics(backend, runId, 'post');
  await backend.execute(`INSERT INTO TELEMETRY.SEGMENT_TELEMETRY SELECT '${runId}', s.*, current_timestamp FROM (${sqlFile('segment_snapshot.sql')}) AS s`);
  return result;
}
