import fs from 'node:fs';
import { localWarehouse } from '../support/pack.js';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { runDbt } from '../../src/dbt/index.js';
import { copyBronzeWarehouse, copyGoldWarehouse } from '../support/warehouse.js';

export interface ChurnWarehouse {
  dir: string;
  backend: LocalDuckDbBackend;
  close(): Promise<void>;
}

/**
 * A copy of the suite's test-scale warehouse (1,000 customers, seed 42, as-of 2025-06-30): bronze
 * with the churn feature table built by the dbt runner, or, with `wholeProject`, the warehouse the
 * whole pipeline left (every model, a deployed churn model).
 */
export async function buildChurnWarehouse(prefix: string, options: { wholeProject?: boolean } = {}): Promise<ChurnWarehouse> {
  const dir = options.wholeProject ? copyGoldWarehouse(prefix) : copyBronzeWarehouse(prefix);
  const backend = await LocalDuckDbBackend.open({ ...localWarehouse(dir) });
  if (!options.wholeProject) await rebuildFeatures(backend, dir);
  return {
    dir,
    backend,
    async close() {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** (Re)builds FCT_CHURN_TRAINING and everything upstream of it (or, with no selector, every model), from scratch. */
export async function rebuildFeatures(backend: LocalDuckDbBackend, dir: string, select: string[] = ['+fct_churn_training']): Promise<void> {
  const result = await runDbt(backend, { command: 'run', select, dataDir: dir, fullRefresh: true });
  if (!result.ok)
    throw new Error(
      `dbt run failed: ${result.results
        .filter((r) => r.status === 'error')
        .map((r) => `${r.name}: ${r.message}`)
        .join('; ')}`,
    );
}

export async function count(backend: LocalDuckDbBackend, sql: string): Promise<number> {
  const row = (await backend.query(sql)).rows[0]!;
  return Number(Object.values(row)[0]);
}
