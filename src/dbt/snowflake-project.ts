/**
 * The dbt project on Snowflake, for the dbt scene: the project object (SHOW DBT PROJECTS), its
 * last EXECUTE DBT PROJECT run (INFORMATION_SCHEMA.DBT_PROJECT_EXECUTION_HISTORY) and that run's
 * per-model results (run_results.json from SYSTEM$LOCATE_DBT_ARTIFACTS, fetched with GET).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Backend, Row } from '../backends/backend.js';
import { renderSqlFile, sqlLiteral } from '../util/sql-template.js';
import type { StoredRunResults } from './artifacts.js';

const DIR = ['src', 'dbt'] as const;

export interface SnowflakeDbtProject {
  project: Row | null;
  lastRun: Row | null;
  runResults: StoredRunResults | null;
  /** Each statement with its time, for the scene's SQL panel. */
  statements: { label: string; sql: string; ms: number; rows?: number }[];
}

export function column(row: Row | null, name: string): string | null {
  if (!row) return null;
  const key = Object.keys(row).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? null : row[key];
  return value === null || value === undefined ? null : String(value);
}

export async function describeDbtProjectOnSnowflake(backend: Backend): Promise<SnowflakeDbtProject> {
  const statements: SnowflakeDbtProject['statements'] = [];
  const run = async (label: string, sql: string) => {
    const started = performance.now();
    const result = await backend.query(sql);
    statements.push({ label, sql: `${sql};`, ms: Math.round(performance.now() - started), rows: result.rows.length });
    return result.rows;
  };
  const [project] = await run('SHOW DBT PROJECTS', renderSqlFile([...DIR, 'show_dbt_project.sql'], {}).replace(/^--.*\n/gm, '').trim());
  if (!project) return { project: null, lastRun: null, runResults: null, statements };
  const history = await run('DBT_PROJECT_EXECUTION_HISTORY', renderSqlFile([...DIR, 'dbt_execution_history.sql'], {}).replace(/^--.*\n/gm, '').trim());
  const lastRun = history[0] ?? null;
  const queryId = column(lastRun, 'query_id');
  if (!queryId) return { project, lastRun, runResults: null, statements };
  const [located] = await run('SYSTEM$LOCATE_DBT_ARTIFACTS', renderSqlFile([...DIR, 'locate_dbt_artifacts.sql'], { query_id: sqlLiteral(queryId) }).replace(/^--.*\n/gm, '').trim());
  const location = column(located ?? null, 'location');
  if (!location) return { project, lastRun, runResults: null, statements };
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-dbt-artifacts-'));
  try {
    const get = renderSqlFile([...DIR, 'get_run_results.sql'], {
      location: sqlLiteral(location),
      folder: sqlLiteral(`file://${folder.split(path.sep).join('/')}/`),
    });
    await run('GET run_results.json', get.replace(/^--.*\n/gm, '').trim());
    const file = fs.readdirSync(folder).find((f) => f.endsWith('run_results.json'));
    const runResults = file ? (JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as StoredRunResults) : null;
    return { project, lastRun, runResults, statements };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
