import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import type { StageReport } from '../../src/pipeline/pipeline.js';
import { packDir } from './pack.js';
import { pipelineReportFile, waitUntilBuilt } from './warehouse-ready.js';

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

/**
 * A new data dir holding a copy of what `c360-demo pipeline --pack media --scale test` builds
 * (200 subscribers, seed 42, as-of 2025-06-30): its media folder with the landing files, the
 * generation record and the warehouse (raw, staging and analytics layers, task history).
 */
export function copyMediaWarehouse(prefix = 'c360-media-'): string {
  const media = inject('mediaWarehouseDir');
  waitUntilBuilt(media);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(media, dataDir, { recursive: true });
  return dataDir;
}

/** The stage reports of the pipeline that built the suite's media warehouse, as `pipeline --json` prints them. */
export function mediaPipelineReport(): StageReport[] {
  const media = inject('mediaWarehouseDir');
  waitUntilBuilt(media);
  return JSON.parse(fs.readFileSync(pipelineReportFile(media), 'utf8')) as StageReport[];
}

/** How DuckDB stored each named text column of `table` (its segments' compression methods, sorted), by column. */
export async function textColumnStorage(backend: Backend, table: string, columns: string[]): Promise<Record<string, unknown>> {
  const { rows } = await backend.query(`
    SELECT column_name, list(DISTINCT compression ORDER BY compression) AS methods
    FROM pragma_storage_info('${table}')
    WHERE segment_type = 'VARCHAR' AND column_name IN (${columns.map((c) => `'${c}'`).join(', ')})
    GROUP BY column_name`);
  return Object.fromEntries(rows.map((r) => [String(r.column_name), r.methods]));
}
