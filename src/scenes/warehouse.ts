import type { Backend, ProgressListener } from '../backends/backend.js';
import { SCALES, type RunConfig, type ScaleName } from '../core/config.js';
import type { StageReport } from '../pipeline/pipeline.js';
import { tableExists } from '../warehouse/schemas.js';

export interface WarehouseState {
  bronze: boolean;
  gold: boolean;
  customers: number | null;
  /** The scale the bronze data was generated at (by customer count), when it matches one. */
  scale: ScaleName | null;
}

export async function warehouseState(backend: Backend): Promise<WarehouseState> {
  const bronze = await tableExists(backend, 'BRONZE', 'BRONZE_CUSTOMERS');
  const gold = await tableExists(backend, 'GOLD', 'CUSTOMER_360_PROFILE');
  let customers: number | null = null;
  if (bronze) {
    const result = await backend.query('SELECT COUNT(*) AS n FROM BRONZE.BRONZE_CUSTOMERS');
    const row = result.rows[0] ?? {};
    customers = Number(row.n ?? row.N ?? 0);
  }
  const scale = (Object.entries(SCALES).find(([, n]) => n === customers)?.[0] as ScaleName | undefined) ?? null;
  return { bronze, gold, customers, scale };
}

/** Builds the warehouse with the pipeline (generate, validate, dbt, churn, share) at `scale`. */
export async function buildWarehouse(backend: Backend, config: RunConfig, scale: ScaleName, onProgress: ProgressListener, signal: AbortSignal): Promise<StageReport[]> {
  const { runStages } = await import('../pipeline/pipeline.js');
  const { pipelineStages } = await import('../pipeline/stages.js');
  const reports = await runStages(pipelineStages(), { backend, config: { ...config, scale }, onProgress, signal });
  const failed = reports.find((r) => r.status === 'failed');
  if (failed) throw new Error(`pipeline stage "${failed.stage}" failed: ${failed.detail}`);
  return reports;
}
