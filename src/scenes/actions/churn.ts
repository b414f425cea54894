import type { Block, SceneAction } from '../types.js';
import { modules } from '../modules.js';
import { field, num, runSceneSql, str } from '../sql-run.js';
import { rocAuc } from '../../tui/charts/roc.js';

const AUC_GATE = 0.8;

/** Scene 7: training metrics, ROC, confusion matrix, feature importance, the at-risk leaderboard. */
export const churn: SceneAction = async (ctx) => {
  const ml = await modules.churn();
  const started = performance.now();
  const report = await ml.loadLatestChurnReport(ctx.backend);
  ctx.recordSql({ label: 'latest churn training report', sql: '-- local-ml: loadLatestChurnReport() (the last training run: metrics, ROC, coefficients, deploy decision)', ms: Math.round(performance.now() - started) });
  if (!report) throw new Error('no churn model has been trained yet (run `c360-demo churn train`)');
  const metrics = (field(report, 'metrics', 'holdout') ?? report) as Record<string, unknown>;
  const auc = num(field(metrics, 'auc', 'roc_auc', 'rocAuc') as never);
  const deployedRaw = field(report, 'deployed', 'published');
  const deployed = typeof deployedRaw === 'boolean' ? deployedRaw : auc > AUC_GATE;
  const rocRaw = (field(report, 'roc', 'rocCurve', 'roc_points', 'rocPoints') ?? field(metrics, 'roc', 'rocCurve')) as unknown[] | undefined;
  const roc = (Array.isArray(rocRaw) ? rocRaw : []).map((p) => ({ fpr: num(field(p, 'fpr') as never), tpr: num(field(p, 'tpr') as never) })).filter((p) => Number.isFinite(p.fpr) && Number.isFinite(p.tpr));
  const confusion = (field(report, 'confusion', 'confusionMatrix', 'confusion_matrix') ?? field(metrics, 'confusion', 'confusionMatrix')) as Record<string, unknown> | undefined;
  const coefficients = (field(report, 'coefficients', 'featureImportance', 'feature_importance', 'features') ?? []) as unknown;

  const pick = (...names: string[]) => num(field(metrics, ...names) as never);
  const pct = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');
  const blocks: Block[] = [
    {
      kind: 'kpis',
      title: 'Holdout metrics (time-based split)',
      items: [
        { label: 'AUC', value: pct(auc) },
        { label: 'precision', value: pct(pick('precision')) },
        { label: 'recall', value: pct(pick('recall')) },
        { label: 'F1', value: pct(pick('f1')) },
        { label: 'gate AUC > 0.80', value: deployed ? 'passed → deployed' : 'not met → not deployed' },
      ],
    },
  ];
  if (roc.length > 1) blocks.push({ kind: 'roc', title: 'ROC curve (holdout)', points: roc, auc: Number.isFinite(auc) ? auc : rocAuc(roc) });
  if (confusion) {
    const c = (k: string) => num(field(confusion, k) as never);
    blocks.push({ kind: 'table', title: 'Confusion matrix', columns: ['', 'predicted churn', 'predicted stay'], rows: [{ '': 'actual churn', 'predicted churn': c('tp'), 'predicted stay': c('fn') }, { '': 'actual stay', 'predicted churn': c('fp'), 'predicted stay': c('tn') }] });
  }
  const coefList = Array.isArray(coefficients)
    ? coefficients.map((e) => ({ label: str(field(e, 'feature', 'name') as never), value: num(field(e, 'importance', 'coefficient', 'weight', 'value') as never) }))
    : Object.entries(coefficients as Record<string, unknown>).map(([k, v]) => ({ label: k, value: num(v as never) }));
  const features = coefList.filter((f) => f.label && Number.isFinite(f.value)).sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, 10);
  if (features.length > 0) blocks.push({ kind: 'bars', title: 'Feature importance (|standardised coefficient|)', format: 'decimal', items: features.map((f) => ({ label: `${f.label}${f.value < 0 ? ' (−)' : ''}`, value: Math.abs(f.value) })) });

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
