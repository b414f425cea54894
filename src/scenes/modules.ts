import type { Backend } from '../backends/backend.js';
import type {
  ExecuteTaskOptions, ExecuteTaskResult, ShareDescription, ShareInfo, ShareQueryResult, StreamAppendResult, StreamProcessResult, StreamStatus, TaskHistoryRow, TaskInfo,
} from '../orchestration/types.js';
import type { LineageGraph, StoredRunResults } from '../dbt/index.js';
import type { ChurnRegistryEntry } from '../../local-ml/index.js';
import { SceneUnavailableError } from './types.js';

/**
 * The other parts of the engine the scenes call (validation, dbt, churn, orchestration). They are
 * imported lazily, by specifier, so that the presenter starts fast and a part that is missing
 * makes its scene fail clearly (fallback talking points) instead of breaking the whole app.
 * The interfaces below are the contracts the scenes rely on.
 */

export interface CheckResult {
  name: string;
  status: 'pass' | 'warn' | 'fail';
  observed: unknown;
  expected: unknown;
}

export interface ValidateModule {
  runValidation(backend: Backend): Promise<CheckResult[]>;
}

export interface DbtModule {
  loadLineage(dataDir: string): LineageGraph | null;
  loadRunResults(dataDir: string, which?: 'latest' | 'build'): StoredRunResults | null;
}

export interface ChurnModule {
  loadLatestChurnReport(backend: Backend): Promise<ChurnRegistryEntry | null>;
}

export interface OrchestrationModule {
  showTasks(backend: Backend): Promise<TaskInfo[]>;
  executeTask(backend: Backend, name: string, options?: ExecuteTaskOptions): Promise<ExecuteTaskResult>;
  taskHistory(backend: Backend, options?: Record<string, unknown>): Promise<TaskHistoryRow[]>;
  streamStatus(backend: Backend): Promise<StreamStatus>;
  streamAppend(backend: Backend, n: number, options?: Record<string, unknown>): Promise<StreamAppendResult>;
  streamProcess(backend: Backend, options?: Record<string, unknown>): Promise<StreamProcessResult>;
  showShares(backend: Backend): Promise<ShareInfo[]>;
  describeShare(backend: Backend, name?: string): Promise<ShareDescription>;
  shareQuery(backend: Backend, sql: string): Promise<ShareQueryResult>;
}

function isMissing(err: unknown, specifier: string): boolean {
  const e = err as NodeJS.ErrnoException;
  const base = specifier.replace(/^(\.\.\/)+/, '').replace(/\.js$/, '');
  return (e?.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url/i.test(e?.message ?? ''))
    && (e?.message ?? '').includes(base);
}

export async function load<T>(specifiers: string | string[], what: string, functions: string[]): Promise<T> {
  const list = Array.isArray(specifiers) ? specifiers : [specifiers];
  let mod: Record<string, unknown> | undefined;
  for (const specifier of list) {
    try {
      mod = (await import(specifier)) as Record<string, unknown>;
      if (functions.every((f) => typeof mod![f] === 'function')) break;
    } catch (err) {
      if (!isMissing(err, specifier)) throw err;
    }
  }
  if (!mod) throw new SceneUnavailableError(`${what} is not available in this build (${list[0]!.replace(/^(\.\.\/)+/, '')} is missing)`);
  const missing = functions.filter((f) => typeof mod[f] !== 'function');
  if (missing.length > 0) throw new SceneUnavailableError(`${what} does not provide ${missing.join(', ')} yet`);
  return mod as T;
}

export const modules = {
  validate: () => load<ValidateModule>(['../validate/index.js', '../validate/checks.js'], 'the validation module', ['runValidation']),
  dbt: () => load<DbtModule>('../dbt/index.js', 'the dbt runner', ['loadLineage', 'loadRunResults']),
  churn: () => load<ChurnModule>('../../local-ml/index.js', 'the churn model', ['loadLatestChurnReport']),
  orchestration: (...fns: (keyof OrchestrationModule)[]) => load<OrchestrationModule>('../orchestration/index.js', 'the orchestration module', fns),
};
