import fs from 'node:fs';
import type { Backend } from '../backends/backend.js';
import { packPath } from '../core/pack.js';
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

/** Where a pack keeps its post-generation checks, under sql/<pack>/. */
const CHECKS_DIR = ['eda', 'checks'] as const;

/** The check files, in order: sql/<pack>/eda/checks/NN_name.sql. */
export function checkFiles(dir: string): string[] {
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
  const generated = backend.pack.built.generated;
  const [schema, table] = generated.split('.') as [string, string];
  if (!(await tableExists(backend, schema, table))) {
    throw new UserError(`${generated} does not exist yet`, 1, 'run `c360-demo generate` (or `c360-demo pipeline`) first');
  }
  const dir = packPath(backend.pack, 'sql', ...CHECKS_DIR);
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
      file: `sql/${backend.pack.name}/${CHECKS_DIR.join('/')}/${file}`,
    });
  }
  return results;
}
