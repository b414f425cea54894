import fs from 'node:fs';
import type { Backend } from '../backends/backend.js';
import { packPath } from '../core/pack.js';
import { UserError } from '../core/errors.js';
import { tableExists } from '../warehouse/schemas.js';
import { renderSql } from '../util/sql-template.js';

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

export interface ValidationOptions {
  /** Values for checks written as templates (a pack whose bands depend on the scale): each file is rendered with them. */
  values?: Record<string, unknown>;
  /** Only the check files this accepts (by file name). */
  include?: (file: string) => boolean;
}

/**
 * Runs the pack's post-generation checks. Each file is one portable SELECT returning one row
 * (check_name, status, observed, expected), so a Snowflake user can run the same files.
 */
export async function runValidation(backend: Backend, options: ValidationOptions = {}): Promise<CheckResult[]> {
  const generated = backend.pack.built.generated;
  if (!(await tableExists(backend, generated))) {
    throw new UserError(`${generated} does not exist yet`, 1, 'run `c360-demo generate` (or `c360-demo pipeline`) first');
  }
  const dir = packPath(backend.pack, 'sql', ...CHECKS_DIR);
  const results: CheckResult[] = [];
  const files = checkFiles(dir).filter((f) => options.include?.(f) ?? true);
  for (const [index, file] of files.entries()) {
    const text = fs.readFileSync(`${dir}/${file}`, 'utf8');
    const sql = options.values ? renderSql(text, options.values) : text;
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
