import fs from 'node:fs';
import { localWarehouse, packDir } from '../support/pack.js';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { runCliInProcess } from '../support/cli.js';
import { copyBronzeWarehouse, copyGoldWarehouse } from '../support/warehouse.js';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';

const dbt = (dataDir: string, ...args: string[]) => runCliInProcess(['dbt', ...args, '--backend', 'local', '--data-dir', dataDir]);

/** `c360-demo dbt` through the CLI's own entry, on a copy of the test-scale bronze warehouse. */
describe('c360-demo dbt', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = copyBronzeWarehouse();
  });

  it('builds the project and prints a summary', async () => {
    const result = await dbt(dataDir, 'build');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/dim_customer\s+model\s+success/);
    expect(result.stdout).toMatch(/dbt build finished .* 0 failed/);
    expect(fs.existsSync(path.join(packDir(dataDir), 'dbt-target', 'run_results.json'))).toBe(true);
  });

  it('runs a selection as JSON', async () => {
    const result = await dbt(dataDir, 'run', '--select', '+dim_date', '--json');
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout) as { ok: boolean; results: Array<{ name: string }> };
    expect(doc.ok).toBe(true);
    expect(doc.results.map((r) => r.name).sort()).toEqual(['dim_date', 'fct_transactions', 'stg_bronze__customers', 'stg_bronze__transactions']);
  });

  it('exits 1 when a dbt test fails', async () => {
    const broken = tempDir();
    fs.mkdirSync(packDir(broken), { recursive: true });
    fs.copyFileSync(path.join(packDir(dataDir), 'warehouse.duckdb'), path.join(packDir(broken), 'warehouse.duckdb'));
    const before = await dbt(broken, 'test', '--select', 'dim_customer');
    expect(before.status).toBe(0);
    // Corrupt the dimension behind dbt's back: a second current row for one customer.
    const backend = await LocalDuckDbBackend.open({ ...localWarehouse(broken) });
    await backend.execute(`insert into GOLD.DIM_CUSTOMER select * replace (customer_sk || 'x' as customer_sk) from GOLD.DIM_CUSTOMER where is_current limit 1`);
    await backend.close();
    const result = await dbt(broken, 'test', '--select', 'dim_customer');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/assert_one_current_row_per_customer\s+test\s+fail\s+\S+\s+1/);
    expect(result.stderr).toMatch(/^fail: assert_one_current_row_per_customer: /m);
  });

  it('an incremental model whose table predates its columns fails with the rebuild command, printed whole', async () => {
    const built = copyGoldWarehouse('c360-dbt-stale-');
    try {
      // A table an earlier version of the model built: one column short.
      const backend = await LocalDuckDbBackend.open({ ...localWarehouse(built) });
      await backend.execute('ALTER TABLE SILVER.INT_CUSTOMER_ACTIVITY DROP COLUMN last_transaction_id');
      await backend.close();
      const result = await dbt(built, 'build', '--select', 'int_customer_activity');
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^error: int_customer_activity: Database error in .*rebuild it: c360-demo dbt build --full-refresh --select int_customer_activity\)$/m);
      const rebuilt = await dbt(built, 'build', '--select', 'int_customer_activity', '--full-refresh');
      expect(rebuilt.status, rebuilt.stderr).toBe(0);
    } finally {
      fs.rmSync(built, { recursive: true, force: true });
    }
  });

  it('rejects bad input with one line and exit 2', async () => {
    const unknown = await dbt(dataDir, 'deploy');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown dbt command "deploy"/);
    const select = await dbt(dataDir, 'build', '--select', 'no_such_model');
    expect(select.status).toBe(2);
    expect(select.stderr).toMatch(/no model matches "no_such_model"/);
    expect(select.stderr).not.toMatch(/\n\s+at /);
    const empty = await dbt(tempDir(), 'build');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/BRONZE\.BRONZE_(CUSTOMERS|TRANSACTIONS).* do not exist/);
    expect(empty.stderr).toMatch(/c360-demo pipeline --pack credit-card/);
  });
});
