/**
 * What a run leaves in `<data-dir>/dbt-target/`: run_results.json (shaped like dbt's, schema v6)
 * and lineage.json (nodes with their layer, and edges) for the presenter's lineage scene.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Layer, Manifest } from './manifest.js';
import writeFileAtomic from 'write-file-atomic';

export const TARGET_DIR = 'dbt-target';

export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn';

export interface NodeResult {
  uniqueId: string;
  name: string;
  resourceType: 'model' | 'seed' | 'test';
  status: NodeStatus;
  /** Seconds. */
  executionTime: number;
  startedAt: string;
  completedAt: string;
  message: string;
  /** Tests: failing rows. */
  failures: number | null;
  /** Tables: rows in the relation after the run. */
  rowsAffected?: number;
  relationName?: string;
  materialized?: string;
  compiledCode?: string;
}

export interface DbtRunSummary {
  models: number;
  modelsOk: number;
  modelsErrored: number;
  tests: number;
  testsPassed: number;
  testsFailed: number;
  testsWarned: number;
  testsErrored: number;
  skipped: number;
}

export interface DbtRunResult {
  command: 'build' | 'run' | 'test';
  select: string[];
  /** false when a model errored or an error-severity test failed. */
  ok: boolean;
  elapsedSeconds: number;
  results: NodeResult[];
  summary: DbtRunSummary;
  /** Where run_results.json and lineage.json were written. */
  targetDir: string;
  backend: 'local' | 'snowflake';
}

export interface LineageNode {
  uniqueId: string;
  name: string;
  resourceType: 'source' | 'model' | 'seed';
  layer: Layer;
  /** SCHEMA.TABLE as people query it. */
  relationName: string;
  materialized?: string;
  path?: string;
  description?: string;
  columns: string[];
  dependsOn: string[];
  testCount: number;
}

export interface LineageGraph {
  project: string;
  generatedAt: string;
  nodes: LineageNode[];
  edges: Array<{ from: string; to: string }>;
}

export function targetDir(dataDir: string): string {
  return path.join(dataDir, TARGET_DIR);
}

export function buildLineage(manifest: Manifest): LineageGraph {
  const testCount = new Map<string, number>();
  for (const test of manifest.tests) {
    for (const dep of test.dependsOn) testCount.set(dep, (testCount.get(dep) ?? 0) + 1);
  }
  const nodes: LineageNode[] = [
    ...manifest.sources.map((s): LineageNode => ({
      uniqueId: s.uniqueId,
      name: s.name,
      resourceType: 'source',
      layer: s.layer,
      relationName: `${s.relation.schema}.${s.relation.identifier}`,
      path: s.table.path,
      ...(s.table.description ? { description: s.table.description.trim() } : {}),
      columns: s.table.columns.map((c) => c.name),
      dependsOn: [],
      testCount: testCount.get(s.uniqueId) ?? 0,
    })),
    ...manifest.models.map((m): LineageNode => ({
      uniqueId: m.uniqueId,
      name: m.name,
      resourceType: m.resourceType,
      layer: m.layer,
      relationName: `${m.relation.schema}.${m.relation.identifier}`,
      materialized: m.materialized,
      path: m.path,
      ...(m.file.description ? { description: m.file.description.trim() } : {}),
      columns: m.file.columns.map((c) => c.name),
      dependsOn: m.dependsOn,
      testCount: testCount.get(m.uniqueId) ?? 0,
    })),
  ];
  const edges = manifest.models.flatMap((m) => m.dependsOn.map((from) => ({ from, to: m.uniqueId })));
  return { project: manifest.project.name, generatedAt: new Date().toISOString(), nodes, edges };
}

export function writeLineage(dataDir: string, lineage: LineageGraph): string {
  const dir = targetDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'lineage.json');
  writeFileAtomic.sync(file, `${JSON.stringify(lineage, null, 2)}\n`);
  return file;
}

/** dbt's run_results.json (v6 shape) plus our `c360` block with the summary. */
export function writeRunResults(dataDir: string, result: DbtRunResult, invocationId: string): string {
  const dir = targetDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const doc = {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json',
      dbt_version: 'c360-demo built-in runner',
      generated_at: new Date().toISOString(),
      invocation_id: invocationId,
      env: {},
    },
    results: result.results.map((r) => ({
      status: r.status,
      timing: [
        { name: 'compile', started_at: r.startedAt, completed_at: r.startedAt },
        { name: 'execute', started_at: r.startedAt, completed_at: r.completedAt },
      ],
      thread_id: 'Thread-1',
      execution_time: r.executionTime,
      adapter_response: r.rowsAffected === undefined ? {} : { _message: 'OK', rows_affected: r.rowsAffected },
      message: r.message,
      failures: r.failures,
      unique_id: r.uniqueId,
      compiled: r.compiledCode !== undefined,
      compiled_code: r.compiledCode ?? null,
      relation_name: r.relationName ?? null,
    })),
    elapsed_time: result.elapsedSeconds,
    args: { which: result.command, select: result.select },
    c360: { ok: result.ok, backend: result.backend, summary: result.summary },
  };
  const file = path.join(dir, 'run_results.json');
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  // Written whole or not at all: a full disk never leaves a truncated artefact behind.
  writeFileAtomic.sync(file, text);
  // dbt overwrites run_results.json on every invocation; the presenter's dbt scene wants the last
  // full build, not the small `run --select` that refreshes the profile after churn training.
  if (result.command === 'build') writeFileAtomic.sync(path.join(dir, LAST_BUILD_FILE), text);
  return file;
}

const LAST_BUILD_FILE = 'last_build_run_results.json';

export function loadLineage(dataDir: string): LineageGraph | null {
  const file = path.join(targetDir(dataDir), 'lineage.json');
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as LineageGraph;
}

export interface StoredRunResults {
  metadata: { generated_at: string; invocation_id: string };
  results: Array<{ status: NodeStatus; unique_id: string; execution_time: number; message: string; failures: number | null; relation_name: string | null; adapter_response: { rows_affected?: number } }>;
  elapsed_time: number;
  args: { which: string; select: string[] };
  c360: { ok: boolean; backend: string; summary: DbtRunSummary };
}

/** The latest invocation's results, or with `which: 'build'` the latest `dbt build`'s. */
export function loadRunResults(dataDir: string, which: 'latest' | 'build' = 'latest'): StoredRunResults | null {
  const latest = path.join(targetDir(dataDir), 'run_results.json');
  const lastBuild = path.join(targetDir(dataDir), LAST_BUILD_FILE);
  const file = which === 'build' && fs.existsSync(lastBuild) ? lastBuild : latest;
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as StoredRunResults;
}
