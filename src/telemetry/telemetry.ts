import type { Backend } from '../backends/backend.js';
import { SCALE_NAMES, type RunConfig, type ScaleName } from '../core/config.js';
import { readRepoFile } from '../util/paths.js';
import { tableExists } from '../warehouse/schemas.js';

const sqlFile = (name: string) => readRepoFile('src', 'telemetry', name);

/** The TELEMETRY schema and its tables, whatever the pack (every pipeline records its stage timings there). */
export async function ensureTelemetryTables(backend: Backend): Promise<void> {
  await backend.execute('CREATE SCHEMA IF NOT EXISTS TELEMETRY');
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
  if (!(await tableExists(backend, 'TELEMETRY.GENERATION_TELEMETRY'))) return [];
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
  if (!(await tableExists(backend, 'TELEMETRY.GENERATION_TELEMETRY'))) return null;
  const { rows } = await backend.query(sqlFile('last_generation.sql'));
  const row = rows[0];
  if (!row) return null;
  const customers = Number(row.customer_scale);
  const scale = SCALE_NAMES.find((name) => backend.pack.scales[name] === customers) ?? null;
  return { scale, customers, seed: Number(row.seed), asOf: String(row.as_of).slice(0, 10) };
}
