import type { StageContext, StageOutcome } from '../src/pipeline/pipeline.js';
import { ExitCode, UserError } from '../src/cli/errors.js';
import { trainChurn } from './index.js';

/**
 * The pipeline's `churn train` stage: ok=false when the AUC gate refuses the model or the data
 * cannot train one (too few churners, a single class); the previous predictions stay.
 */
export async function churnTrainStageRun(context: StageContext): Promise<StageOutcome> {
  try {
    const report = await trainChurn(context.backend, { onProgress: context.onProgress, signal: context.signal });
    const t = report.predictions?.tiers;
    const detail = report.deployed && t
      ? `AUC ${report.metrics.auc.toFixed(3)} > ${report.gate.minAuc.toFixed(2)}: ${report.modelVersion} deployed, High ${t.High} / Medium ${t.Medium} / Low ${t.Low}`
      : report.gate.reason;
    return {
      rows: report.data.trainRows + report.data.testRows + (report.predictions?.rows ?? 0),
      detail,
      ok: report.deployed,
      data: { modelVersion: report.modelVersion, deployed: report.deployed, auc: report.metrics.auc, data: report.data, timings: report.timings },
    };
  } catch (err) {
    if (err instanceof UserError && err.exitCode === ExitCode.checkFailed) return { ok: false, detail: err.message };
    throw err;
  }
}
