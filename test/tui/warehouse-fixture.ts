import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { runStages } from '../../src/pipeline/pipeline.js';
import { pipelineStages } from '../../src/pipeline/stages.js';
import { tableExists } from '../../src/warehouse/schemas.js';
import type { CommonOptions } from '../../src/cli/options.js';

/**
 * A test-scale warehouse (1,000 customers) built with the lead's pipeline. While the pipeline
 * lacks its dbt/churn/share stages, those helpers' entry points are called directly so the
 * presenter has gold tables to show.
 */
export async function buildTestWarehouse(dataDir: string): Promise<{ gold: boolean; stages: string[] }> {
  const options: CommonOptions = { dataDir, scale: 'test', seed: 42, asOf: '2025-06-30', json: false, fresh: false, debug: false, backend: 'local' };
  const backend = await LocalDuckDbBackend.open({ dataDir });
  const signal = new AbortController().signal;
  try {
    const reports = await runStages(pipelineStages(), { backend, options, onProgress: () => undefined, signal });
    const stages = reports.map((r) => r.stage);
    if (!stages.includes('dbt build')) {
      const { runDbt } = await import('../../src/dbt/index.js');
      await runDbt(backend, { command: 'build', dataDir });
      stages.push('dbt build (direct)');
    }
    if (!stages.includes('churn train')) {
      const { trainChurn } = await import('../../local-ml/index.js');
      await trainChurn(backend, {});
      stages.push('churn train (direct)');
    }
    if (!stages.includes('share refresh')) {
      const { shareRefreshStageRun } = await import('../../src/orchestration/share-stage.js');
      await shareRefreshStageRun({ backend, options, onProgress: () => undefined, signal });
      stages.push('share refresh (direct)');
    }
    return { gold: await tableExists(backend, 'GOLD', 'CUSTOMER_360_PROFILE'), stages };
  } finally {
    await backend.close();
  }
}
