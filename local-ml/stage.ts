import type { Backend } from '../src/backends/backend.js';
import type { StageContext, StageOutcome } from '../src/pipeline/pipeline.js';
import { ExitCode, UserError } from '../src/core/errors.js';
import { trainChurn } from './index.js';
import { loadChurnModel } from './model.js';

/**
 * The dbt models that read the predictions (the pack's model.yaml `refresh_after_deploy`; for
 * credit-card CUSTOMER_360_PROFILE, which left-joins GOLD.CHURN_PREDICTIONS): `dbt build` runs
 * before training, so after new predictions are published they (and anything built on them) are
 * rebuilt to carry them. Returns a one-line note; null when the pack has nothing to refresh.
 */
export async function refreshChurnConsumers(backend: Backend, dataDir: string, signal?: AbortSignal): Promise<{ ok: boolean; note: string } | null> {
  const refresh = loadChurnModel(backend.pack).refreshAfterDeploy;
  if (!refresh) return null;
  const { runDbt } = await import('../src/dbt/index.js');
  const result = await runDbt(backend, { command: 'run', select: refresh.select, dataDir, ...(signal ? { signal } : {}) });
  const name = refresh.name.split('.').pop()!;
  if (result.ok) return { ok: true, note: `${name} refreshed (${result.summary.modelsOk} model${result.summary.modelsOk === 1 ? '' : 's'})` };
  const failed = result.results.filter((r) => r.status === 'error').map((r) => `${r.name}: ${r.message}`);
  return { ok: false, note: `refreshing ${name} failed: ${failed.join('; ') || 'see dbt run results'}` };
}

/**
 * DuckDB's buffer limit while the model trains, on the local backend. The buffers still hold the
 * dbt build's pages then, and the model's own arrays and its worker thread (a few hundred MB at
 * full scale) come on top: lowered, DuckDB drops cached pages instead, and the pipeline stays
 * within 1 GiB. The model's queries need far less than this.
 */
const TRAINING_DUCKDB_MEMORY = '256MB';

/**
 * The pipeline's `churn train` stage: ok=false when the gate refuses the model (unless the pack's
 * model.yaml says a refusal does not stop its pipeline) or the data cannot train one (too few
 * churners, a single class); the previous predictions stay.
 */
export async function churnTrainStageRun(context: StageContext): Promise<StageOutcome> {
  const spec = loadChurnModel(context.backend.pack);
  try {
    const train = () => trainChurn(context.backend, { onProgress: context.onProgress, signal: context.signal, model: spec });
    const backend = context.backend;
    const report = backend.withMemoryLimit ? await backend.withMemoryLimit(TRAINING_DUCKDB_MEMORY, train) : await train();
    const t = report.predictions?.tiers;
    let ok = report.deployed || !spec.refusalStopsPipeline;
    // The shuffled-label figure the pack's gate judges: their 95th percentile, or their best fit.
    const shuffled =
      'p95Below' in spec.gate.shuffledControl
        ? `shuffled p95 ${report.metrics.shuffled.p95.toFixed(3)}`
        : `best shuffled ${report.metrics.shuffled.max.toFixed(3)}`;
    const figures = `AUC ${report.metrics.model.auc.toFixed(3)} (recency ${report.metrics.baseline.auc.toFixed(3)}, ${shuffled})`;
    let detail = !report.deployed
      ? report.gate.reason
      : t
        ? `${figures}: ${report.modelVersion} deployed, High ${t.High} / Medium ${t.Medium} / Low ${t.Low}`
        : `${figures}: ${report.modelVersion} deployed, scores come from the pack's scoring task`;
    if (report.deployed) {
      const refresh = await refreshChurnConsumers(context.backend, context.config.dataDir, context.signal);
      if (refresh && !refresh.ok) {
        ok = false;
        detail = `${detail}; ${refresh.note}`;
      }
    }
    return {
      rows: report.data.trainRows + report.data.testRows + (report.predictions?.rows ?? 0),
      detail,
      ok,
      data: {
        modelVersion: report.modelVersion,
        deployed: report.deployed,
        auc: report.metrics.model.auc,
        aucInterval: report.metrics.model.aucInterval,
        baselineAuc: report.metrics.baseline.auc,
        shuffledAuc: {
          min: report.metrics.shuffled.min,
          median: report.metrics.shuffled.median,
          p95: report.metrics.shuffled.p95,
          max: report.metrics.shuffled.max,
        },
        baseRates: { train: report.metrics.trainBaseRate, heldOut: report.metrics.baseRate },
        data: report.data,
        timings: report.timings,
      },
    };
  } catch (err) {
    if (err instanceof UserError && err.exitCode === ExitCode.checkFailed) return { ok: false, detail: err.message };
    throw err;
  }
}
