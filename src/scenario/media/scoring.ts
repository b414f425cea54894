import type { StageContext, StageOutcome } from '../../pipeline/pipeline.js';

/**
 * The media pipeline's `score` stage, the local run of sfe_daily_churn_scoring_task: today's
 * health scores for every active subscriber with the latest deployed churn model. With no model
 * deployed yet (the gate has refused every one so far) nothing is scored, and the stage says so:
 * scoring with a model the gate refused is what the gate exists to prevent.
 */
export async function scoreStageRun(context: StageContext): Promise<StageOutcome> {
  const { scoreWithDeployedModel } = await import('../../../local-ml/index.js');
  context.onProgress({ stage: 'score', fraction: 0, message: 'scoring active subscribers' });
  const report = await scoreWithDeployedModel(context.backend, { signal: context.signal });
  if (!report) return { rows: 0, detail: 'no churn model deployed yet: nothing scored (the gate has not passed a model)', data: { scored: false } };
  const t = report.tiers;
  return {
    rows: report.rows,
    detail: `${report.rows.toLocaleString('en-US')} subscribers scored for ${report.scoreDate} with ${report.modelVersion}: High ${t.High} / Medium ${t.Medium} / Low ${t.Low} (${report.daysKept} day${report.daysKept === 1 ? '' : 's'} of scores kept)`,
    data: { scored: true, ...report },
  };
}
