import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

/** `c360-demo dbt` as a user runs it (the built CLI; npm test builds first). */
describe('c360-demo dbt', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = tempDir();
    const generated = runCli(['generate', '--scale', 'test', '--backend', 'local', '--data-dir', dataDir]);
    expect(generated.status).toBe(0);
  });

  it('builds the project and prints a summary', () => {
    const result = runCli(['dbt', 'build', '--backend', 'local', '--data-dir', dataDir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/dim_customer\s+model\s+success/);
    expect(result.stdout).toMatch(/dbt build finished .* 0 failed/);
    expect(fs.existsSync(path.join(dataDir, 'dbt-target', 'run_results.json'))).toBe(true);
  });

  it('runs a selection as JSON', () => {
    const result = runCli(['dbt', 'run', '--select', '+dim_date', '--backend', 'local', '--data-dir', dataDir, '--json']);
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout) as { ok: boolean; results: Array<{ name: string }> };
    expect(doc.ok).toBe(true);
    expect(doc.results.map((r) => r.name).sort()).toEqual(['dim_date', 'fct_transactions', 'stg_bronze__customers', 'stg_bronze__transactions']);
  });

  it('exits 1 when a dbt test fails', () => {
    const broken = tempDir();
    fs.copyFileSync(path.join(dataDir, 'warehouse.duckdb'), path.join(broken, 'warehouse.duckdb'));
    const before = runCli(['dbt', 'test', '--select', 'dim_customer', '--backend', 'local', '--data-dir', broken]);
    expect(before.status).toBe(0);
    // Corrupt the dimension behind dbt's back: a second current row for one customer.
    const corrupt = `insert into GOLD.DIM_CUSTOMER select * replace (customer_sk || 'x' as customer_sk) from GOLD.DIM_CUSTOMER where is_current limit 1`;
    const script = `import { LocalDuckDbBackend } from '${path.resolve('dist/src/backends/local/duckdb-backend.js').replace(/\\/g, '/')}';
      const b = await LocalDuckDbBackend.open({ dataDir: ${JSON.stringify(broken)} }); await b.execute(${JSON.stringify(corrupt)}); await b.close();`;
    const file = path.join(broken, 'corrupt.mjs');
    fs.writeFileSync(file, script);
    expect(spawnSync(process.execPath, [file]).status).toBe(0);
    const result = runCli(['dbt', 'test', '--select', 'dim_customer', '--backend', 'local', '--data-dir', broken]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/assert_one_current_row_per_customer\s+test\s+fail\s+\S+\s+1/);
  });

  it('rejects bad input with one line and exit 2', () => {
    const unknown = runCli(['dbt', 'deploy', '--backend', 'local', '--data-dir', dataDir]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown dbt command "deploy"/);
    const select = runCli(['dbt', 'build', '--select', 'no_such_model', '--backend', 'local', '--data-dir', dataDir]);
    expect(select.status).toBe(2);
    expect(select.stderr).toMatch(/no model matches "no_such_model"/);
    expect(select.stderr).not.toMatch(/\n\s+at /);
    const empty = runCli(['dbt', 'build', '--backend', 'local', '--data-dir', tempDir()]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/BRONZE\.BRONZE_(CUSTOMERS|TRANSACTIONS).* do not exist/);
    expect(empty.stderr).toMatch(/c360-demo generate/);
  });
});
