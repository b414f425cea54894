import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { generateBronze } from '../../src/scenario/credit-card/generate/index.js';
import { runDbt } from '../../src/dbt/index.js';

export interface ChurnWarehouse {
  dir: string;
  backend: LocalDuckDbBackend;
  close(): Promise<void>;
}

/** A fresh test-scale warehouse (1,000 customers, seed 42, as-of 2025-06-30) with the churn feature table built by the dbt runner. */
export async function buildChurnWarehouse(prefix: string, options: { wholeProject?: boolean } = {}): Promise<ChurnWarehouse> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const backend = await LocalDuckDbBackend.open({ dataDir: dir });
  await generateBronze(backend, { customers: 1000, seed: 42, asOf: '2025-06-30' });
  await rebuildFeatures(backend, dir, options.wholeProject ? [] : ['+fct_churn_training']);
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
