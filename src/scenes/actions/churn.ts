import type { Block, SceneAction } from '../types.js';
import { runSceneSql, num, str } from '../sql-run.js';

/** Scene 7: training metrics, ROC, confusion matrix, feature importance, the at-risk leaderboard. */
export const churn: SceneAction = async (ctx) => {
  const ml = await import('../../../local-ml/index.js');
  const started = performance.now();
  const report = await ml.loadLatestChurnReport(ctx.backend);
  ctx.recordSql({ label: 'latest training run (GOLD.CHURN_MODEL_REGISTRY)', sql: 'SELECT model_version, trained_at, metrics, deployed, gate_reason\nFROM GOLD.CHURN_MODEL_REGISTRY\nORDER BY trained_at DESC\nLIMIT 1;', ms: Math.round(performance.now() - started) });
  if (!report) throw new Error('no churn model has been trained yet (run `c360-demo churn train`)');
  const m = report.metrics;
  const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');
  const blocks: Block[] = [
    {
      kind: 'kpis',
      title: `Model ${report.modelVersion}, trained ${report.trainedAt.slice(0, 16)} — holdout (time-based split)`,
      items: [
        { label: 'AUC', value: f3(m.auc) },
        { label: 'precision', value: f3(m.precision) },
        { label: 'recall', value: f3(m.recall) },
        { label: 'F1', value: f3(m.f1) },
        { label: 'threshold', value: f3(m.threshold) },
        { label: 'churn base rate', value: `${(m.baseRate * 100).toFixed(1)}%` },
      ],
    },
    {
      kind: 'text',
      title: 'Deploy gate: AUC > 0.80',
      lines: [report.deployed ? `✔ passed — model deployed, predictions published (${report.gateReason})` : `✘ not deployed — ${report.gateReason}${report.activeModelVersion ? `; predictions stay from ${report.activeModelVersion}` : ''}`],
    },
  ];
  if (m.rocPoints?.length > 1) blocks.push({ kind: 'roc', title: 'ROC curve (holdout)', points: m.rocPoints.map((p) => ({ fpr: p.fpr, tpr: p.tpr })), auc: m.auc });
  if (m.confusion) {
    const c = m.confusion;
    blocks.push({ kind: 'table', title: `Confusion matrix at threshold ${f3(m.threshold)}`, columns: ['actual', 'predicted churn', 'predicted stay'], rows: [{ actual: 'churned', 'predicted churn': c.tp, 'predicted stay': c.fn }, { actual: 'stayed', 'predicted churn': c.fp, 'predicted stay': c.tn }] });
  }
  const importance = [...(m.importance ?? [])].sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient)).slice(0, 10);
  if (importance.length > 0) {
    blocks.push({ kind: 'bars', title: 'Feature importance: |coefficient| per standard deviation ((−) lowers risk)', format: 'decimal', items: importance.map((f) => ({ label: `${f.feature}${f.coefficient < 0 ? ' (−)' : ''}`, value: Math.abs(f.coefficient) })) });
  }
  try {
    const tiers = await runSceneSql(ctx, 'churn_tiers.sql');
    if (tiers.rows.length > 0) blocks.push({ kind: 'bars', title: 'Customers per risk tier', format: 'int', items: tiers.rows.map((r) => ({ label: str(r.risk_tier), value: num(r.customers) })) });
    const top = await runSceneSql(ctx, 'churn_leaderboard.sql');
    blocks.push(top.rows.length > 0 ? { kind: 'table', title: 'At-risk leaderboard', ...top } : { kind: 'text', title: 'At-risk leaderboard', lines: ['GOLD.CHURN_PREDICTIONS is empty: no model has been deployed yet'] });
  } catch (err) {
    blocks.push({ kind: 'text', title: 'At-risk leaderboard', lines: [(err as Error).message] });
  }
  return blocks;
};
