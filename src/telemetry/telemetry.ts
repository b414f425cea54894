import type { Backend } from '../backends/backend.js';
import { SCALE_NAMES, type RunConfig, type ScaleName } from '../core/config.js';
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
  return new Date()
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 17);
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

/** The part of a pipeline stage's report that telemetry keeps. */
export interface StageTimingReport {
  stage: string;
  rows: number | null;
  seconds: number;
  rowsPerSecond: number | null;
}

/**
 * Records each stage of a pipeline run (generate, validate, dbt build, churn train, share refresh)
 * in GENERATION_TELEMETRY beside the finer generate_customers / generate_transactions rows, so
 * "how long did this run take" is answered from the warehouse itself.
 */
export async function recordStageTimings(backend: Backend, config: RunConfig, reports: StageTimingReport[]): Promise<void> {
  if (reports.length === 0) return;
  await ensureTelemetryTables(backend);
  const runId = newRunId();
  await backend.execute(`INSERT INTO TELEMETRY.GENERATION_TELEMETRY
    SELECT *, current_timestamp FROM (VALUES ${valuesList(reports.map((r) => [runId, r.stage, r.rows, r.seconds, r.rowsPerSecond, config.seed, config.pack.scales[config.scale], config.asOf]))})`);
}

export interface StageTiming {
  stage: string;
  seconds: number;
  rows: number | null;
  recordedAt: string;
}

/** The newest timing of every stage and generation step. */
export async function latestStageTimings(backend: Backend): Promise<StageTiming[]> {
  if (!(await tableExists(backend, 'TELEMETRY', 'GENERATION_TELEMETRY'))) return [];
  const { rows } = await backend.query(sqlFile('latest_stage_timings.sql'));
  return rows.map((r) => ({
    stage: String(r.stage),
    seconds: Number(r.seconds),
    rows: r.row_count === null ? null : Number(r.row_count),
    recordedAt: String(r.recorded_at),
  }));
}

export interface GenerationSettings {
  /** The scale name when the customer count is one of the named scales, else null. */
  scale: ScaleName | null;
  customers: number;
  seed: number;
  asOf: string;
}

/** The scale, seed and as-of date the warehouse's bronze layer was last generated with, if any. */
export async function lastGenerationSettings(backend: Backend): Promise<GenerationSettings | null> {
  if (!(await tableExists(backend, 'TELEMETRY', 'GENERATION_TELEMETRY'))) return null;
  const { rows } = await backend.query(sqlFile('last_generation.sql'));
  const row = rows[0];
  if (!row) return null;
  const customers = Number(row.customer_scale);
  const scale = SCALE_NAMES.find((name) => backend.pack.scales[name] === customers) ?? null;
  return { scale, customers, seed: Number(row.seed), asOf: String(row.as_of).slice(0, 10) };
}
