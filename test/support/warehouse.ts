import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { packDir } from './pack.js';
import { waitUntilBuilt } from './warehouse-ready.js';

/**
 * A new data dir (the `--data-dir`; the warehouse is in its credit-card folder) holding a copy of the suite's test-scale bronze warehouse (1,000 customers,
 * seed 42, as-of 2025-06-30, as `c360-demo generate --scale test` leaves it), built once in
 * test/support/global-setup.ts. Each test that changes it gets its own copy.
 */
export function copyBronzeWarehouse(prefix = 'c360-test-'): string {
  const source = packDir(inject('bronzeWarehouseDir'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(packDir(dataDir));
  for (const file of fs.readdirSync(source)) {
    if (file.startsWith('warehouse.duckdb')) fs.copyFileSync(path.join(source, file), path.join(packDir(dataDir), file));
  }
  return dataDir;
}

/**
 * A new data dir holding a copy of the suite's test-scale warehouse after the whole pipeline (gold
 * layer, churn model and predictions, the share and its consumer database, dbt artefacts).
 */
export function copyGoldWarehouse(prefix = 'c360-gold-'): string {
  const gold = inject('goldWarehouseDir');
  // Built in the background while the first files run (test/support/global-setup.ts).
  waitUntilBuilt(gold);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(gold, dataDir, { recursive: true });
  return dataDir;
}
