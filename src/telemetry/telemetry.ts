import type { Backend } from '../backends/backend.js';
import type { GenerationParams, GenerationResult } from '../scenario/credit-card/generate/index.js';
import { readRepoFile } from '../util/paths.js';
import { ensureWarehouseSchemas, tableExists } from '../warehouse/schemas.js';

const sqlFile = (name: string) => readRepoFile('src', 'telemetry', name);

export async function ensureTelemetryTables(backend: Backend): Promise<void> {
  await ensureWarehouseSchemas(backend);
  await backend.execute(sqlFile('telemetry_tables.sql'));
}

/** A run id that sorts by time: telemetry is history, not generated data, so the clock is fine here. */
export function newRunId(): string {
  return new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 17);
}

function literal(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  return `'${value.replace(/'/g, "''")}'`;
}

export function valuesList(rows: Array<Array<string | number | null>>): string {
  return rows.map((r) => `(${r.map(literal).join(', ')})`).join(',\n');
}

async function snapshotMetrics(backend: Backend, runId: string, phase: 'baseline' | 'post'): Promise<void> {
  if (!(await tableExists(backend, 'BRONZE', 'BRONZE_TRANSACTIONS'))) return;
  const { rows } = await backend.query(sqlFile('bronze_metrics.sql'));
  if (rows.length === 0) return;
  const values = valuesList(rows.map((r) => [runId, phase, String(r.metric), r.value === null ? null : Number(r.value)]));
  await backend.execute(`INSERT INTO TELEMETRY.METRIC_SNAPSHOTS SELECT *, current_timestamp FROM (VALUES ${values})`);
}

/**
 * Wraps a generation with the seed's telemetry: metrics before (baseline) and after (delta), the
 * per-stage timings, and a per-segment snapshot.
 */
export async function recordGeneration(
  backend: Backend,
  params: GenerationParams,
  generate: () => Promise<GenerationResult>,
): Promise<GenerationResult> {
  await ensureTelemetryTables(backend);
  const runId = newRunId();
  await snapshotMetrics(backend, runId, 'baseline');
  const result = await generate();
  const rate = (rows: number, seconds: number) => (seconds > 0 ? rows / seconds : null);
  await backend.execute(`INSERT INTO TELEMETRY.GENERATION_TELEMETRY
    SELECT *, current_timestamp FROM (VALUES ${valuesList([
      [runId, 'generate_customers', result.customers, result.customerSeconds, rate(result.customers, result.customerSeconds), params.seed, params.customers, params.asOf],
      [runId, 'generate_transactions', result.transactions, result.transactionSeconds, rate(result.transactions, result.transactionSeconds), params.seed, params.customers, params.asOf],
    ])})`);
  await snapshotMetrics(backend, runId, 'post');
  await backend.execute(`INSERT INTO TELEMETRY.SEGMENT_TELEMETRY SELECT '${runId}', s.*, current_timestamp FROM (${sqlFile('segment_snapshot.sql')}) AS s`);
  return result;
}
