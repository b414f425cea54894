import fs from 'node:fs';
import { inject } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { pipelineStages } from '../../src/pipeline/stages.js';
import { tableExists } from '../../src/warehouse/schemas.js';

/**
 * A test-scale warehouse (1,000 customers) after the full pipeline, in `dataDir`: a copy of the one
 * test/support/global-setup.ts builds once per run.
 */
export async function buildTestWarehouse(dataDir: string): Promise<{ gold: boolean; stages: string[] }> {
  fs.cpSync(inject('goldWarehouseDir'), dataDir, { recursive: true });
  const backend = await LocalDuckDbBackend.open({ dataDir, readOnly: true });
  try {
    return { gold: await tableExists(backend, 'GOLD', 'CUSTOMER_360_PROFILE'), stages: pipelineStages().map((s) => s.name) };
  } finally {
    await backend.close();
  }
}
