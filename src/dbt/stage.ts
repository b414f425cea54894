import type { StageContext, StageOutcome } from '../pipeline/pipeline.js';
import { LocalDuckDbBackend } from '../backends/local/duckdb-backend.js';
import { runDbt } from './runner.js';

/** The pipeline's `dbt build` stage: fails (ok: false) when a model errors or a dbt test fails. */
export async function dbtBuildStageRun(context: StageContext): Promise<StageOutcome> {
  const result = await runDbt(context.backend, {
    command: 'build',
    // The pipeline has just (re)generated bronze: incremental models start over, or rows of the
    // previous data set would stay in FCT_TRANSACTIONS.
    fullRefresh: true,
    dataDir: context.config.dataDir,
    onProgress: context.onProgress,
    signal: context.signal,
  });
  // The build leaves DuckDB's cache full of the fact table; the churn stage next holds its rows in
  // Node's heap, on top of whatever DuckDB still keeps.
  if (context.backend instanceof LocalDuckDbBackend) await context.backend.releaseMemory();
  const s = result.summary;
  const rows = result.results.reduce((sum, r) => sum + (r.rowsAffected ?? 0), 0);
  const failed = result.results.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => `${r.name} (${r.message})`);
  const detail = result.ok
    ? `${s.modelsOk} models, ${s.testsPassed}/${s.tests} tests passed`
    : `${s.modelsErrored} model errors, ${s.testsFailed} failed tests, ${s.skipped} skipped: ${failed.slice(0, 3).join('; ')}`;
  return { rows, detail, ok: result.ok, data: { summary: s, elapsedSeconds: result.elapsedSeconds, targetDir: result.targetDir } };
}
