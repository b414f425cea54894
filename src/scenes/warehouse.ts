import type { Backend, ProgressListener } from '../backends/backend.js';
import { SCALE_NAMES, type RunConfig, type ScaleName } from '../core/config.js';
import type { StageReport } from '../pipeline/pipeline.js';
import { tableExists } from '../warehouse/schemas.js';

export interface WarehouseState {
  /** Whether generation ran: the pack's `built.generated` table exists. */
  generated: boolean;
  /** Whether the models were built: the pack's `built.modelled` table exists. */
  modelled: boolean;
  /** Rows of the generated table: one per customer or subscriber. */
  entities: number | null;
  /** The scale the data was generated at (by that count), when it matches one of the pack's. */
  scale: ScaleName | null;
}

export async function warehouseState(backend: Backend): Promise<WarehouseState> {
  const { generated: generatedTable, modelled: modelledTable } = backend.pack.built;
  const generated = await tableExists(backend, generatedTable);
  const modelled = await tableExists(backend, modelledTable);
  let entities: number | null = null;
  if (generated) {
    const result = await backend.query(`SELECT COUNT(*) AS n FROM ${generatedTable}`);
    const row = result.rows[0] ?? {};
    entities = Number(row.n ?? row.N ?? 0);
  }
  const scale = SCALE_NAMES.find((name) => backend.pack.scales[name] === entities) ?? null;
  return { generated, modelled, entities, scale };
}

/** Builds the warehouse with the pack's pipeline at `scale`. */
export async function buildWarehouse(backend: Backend, config: RunConfig, scale: ScaleName, onProgress: ProgressListener, signal: AbortSignal): Promise<StageReport[]> {
  const { runStages } = await import('../pipeline/pipeline.js');
  const { pipelineStages } = await import('../pipeline/stages.js');
  const reports = await runStages(await pipelineStages(config.pack), { backend, config: { ...config, scale }, onProgress, signal });
  const failed = reports.find((r) => r.status === 'failed');
  if (failed) throw new Error(`pipeline stage "${failed.stage}" failed: ${failed.detail}`);
  return reports;
}
