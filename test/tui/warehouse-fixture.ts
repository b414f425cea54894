import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { runStages } from '../../src/pipeline/pipeline.js';
import { pipelineStages } from '../../src/pipeline/stages.js';
import { tableExists } from '../../src/warehouse/schemas.js';
import { runConfig } from '../../src/core/config.js';

/** A test-scale warehouse (1,000 customers) built with the full pipeline. */
export async function buildTestWarehouse(dataDir: string): Promise<{ gold: boolean; stages: string[] }> {
  const config = runConfig({ dataDir, scale: 'test', backend: 'local' });
  const backend = await LocalDuckDbBackend.open({ dataDir });
  try {
    const reports = await runStages(pipelineStages(), { backend, config, onProgress: () => undefined, signal: new AbortController().signal });
    return { gold: await tableExists(backend, 'GOLD', 'CUSTOMER_360_PROFILE'), stages: reports.map((r) => r.stage) };
  } finally {
    await backend.close();
  }
}
