import type { StageContext, StageOutcome } from '../pipeline/pipeline.js';
import { runDbt } from './runner.js';

/**
 * DuckDB's buffer limit during the pipeline's full build, on the local backend: the runner's own
 * memory (compiled project, results) comes on top, and the pipeline's peak is here. The models
 * spill what does not fit.
 */
const BUILD_DUCKDB_MEMORY = '512MB';

/**
 * The pipeline's `dbt build` stage on the pack's project: fails (ok: false) when a model errors or
 * a dbt test fails. `vars` are the pack's project vars for this data set (e.g. its as-of date).
 */
export async function dbtBuildStageRun(context: StageContext, vars?: Record<string, unknown>): Promise<StageOutcome> {
  const build = () => runDbt(context.backend, {
    command: 'build',
    // The pipeline has just (re)generated the sources: incremental models start over, or rows of
    // the previous data set would stay in them.
    fullRefresh: true,
    ...(vars ? { vars } : {}),
    dataDir: context.config.dataDir,
    onProgress: context.onProgress,
    signal: context.signal,
  });
  const backend = context.backend;
  const result = backend.withMemoryLimit ? await backend.withMemoryLimit(BUILD_DUCKDB_MEMORY, build) : await build();
  const s = result.summary;
  const rows = result.results.reduce((sum, r) => sum + (r.rowsAffected ?? 0), 0);
  const failed = result.results.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => `${r.name} (${r.message})`);
  const detail = result.ok
    ? `${s.modelsOk} models, ${s.testsPassed}/${s.tests} tests passed`
    : `${s.modelsErrored} model errors, ${s.testsFailed} failed tests, ${s.skipped} skipped: ${failed.slice(0, 3).join('; ')}`;
  return { rows, detail, ok: result.ok, data: { summary: s, elapsedSeconds: result.elapsedSeconds, targetDir: result.targetDir } };
}
