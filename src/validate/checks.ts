import fs from 'node:fs';
import type { Backend } from '../backends/backend.js';
import { repoPath } from '../util/paths.js';
import { UserError } from '../core/errors.js';
import { tableExists } from '../warehouse/schemas.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  order: number;
  name: string;
  status: CheckStatus;
  observed: string;
  expected: string;
  /** The SQL file the check ran, relative to the package root. */
  file: string;
}

/** The check files, in order: sql/eda/checks/NN_name.sql. */
export function checkFiles(dir = repoPath('sql', 'eda', 'checks')): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d+_.*\.sql$/.test(f))
    .sort();
}

/**
 * Runs the 12 post-generation checks. Each file is one portable SELECT returning one row
 * (check_name, status, observed, expected), so a Snowflake user can run the same files.
 */
export async function runValidation(backend: Backend): Promise<CheckResult[]> {
  for (const table of ['BRONZE_CUSTOMERS', 'BRONZE_TRANSACTIONS']) {
    if (!(await tableExists(backend, 'BRONZE', table))) {
      throw new UserError(`BRONZE.${table} does not exist yet`, 1, 'run `c360-demo generate` (or `c360-demo pipeline`) first');
    }
  }
  const dir = repoPath('sql', 'eda', 'checks');
  const results: CheckResult[] = [];
  for (const [index, file] of checkFiles(dir).entries()) {
    const sql = fs.readFileSync(`${dir}/${file}`, 'utf8');
    const { rows } = await backend.query(sql);
    const row = rows[0];
    if (!row) throw new Error(`check ${file} returned no row`);
    const status = String(row.status ?? row.STATUS) as CheckStatus;
    results.push({
      order: index + 1,
      name: String(row.check_name ?? row.CHECK_NAME),
      status: status === 'pass' || status === 'warn' ? status : 'fail',
      observed: String(row.observed ?? row.OBSERVED ?? ''),
      expected: String(row.expected ?? row.EXPECTED ?? ''),
      file: `sql/eda/checks/${file}`,
    });
  }
  return results;
}
