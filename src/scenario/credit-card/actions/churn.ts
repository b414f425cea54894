import type { Block, SceneAction } from '../../../scenes/types.js';
import { runSceneSql, num, str } from '../../../scenes/sql-run.js';

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

/** Fills `{name}` placeholders of a presenter text from scenes/07-churn.md; unknown names stay visible. */
function fill(template: string | number | undefined, values: Record<string, string>): string | null {
  if (template === undefined) return null;
  return String(template).replace(/\{([a-z0-9_]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * Scene 7: what churn means and how good the model is (every held-out row, against recency alone
 * and shuffled labels), the gate's three checks, lift and calibration, feature importance, and
 * the call list. The explanations are the scene file's `explain_*` params with numbers filled in.
 */
export const churn: SceneAction = async (ctx) => {
  const ml = await import('../../../../local-ml/index.js');
  const started = performance.now();
  const report = await ml.loadLatestChurnReport(ctx.backend);
  ctx.recordSql({
    label: 'latest training run (GOLD.CHURN_MODEL_REGISTRY)',
    sql: 'SELECT model_version, trained_at, metrics, deployed, gate_reason\nFROM GOLD.CHURN_MODEL_REGISTRY\nORDER BY trained_at DESC\nLIMIT 1;',
    ms: Math.round(performance.now() - started),
  });
  if (!report) throw new Error('no churn model has been trained yet (run `c360-demo churn train`)');
  const m = report.metrics;
  const model = m.model;
  const base = m.baseline;
  const top1 = model.top.find((t) => t.share === 0.01);
  const top10 = model.top.find((t) => t.share === 0.1);
  const c = model.confusion;
  const gate = m.gate;
  const gateBar = (name: string) => gate.checks.find((k) => k.name === name)?.bar.replace(/^[^0-9]+/, '') ?? '';

  let tiers: Awaited<ReturnType<typeof runSceneSql>> | null = null;
  let leaderboard: Awaited<ReturnType<typeof runSceneSql>> | null = null;
  let listProblem: string | null = null;
  try {
    tiers = await runSceneSql(ctx, 'churn_tiers.sql');
    leaderboard = await runSceneSql(ctx, 'churn_leaderboard.sql');
  } catch (err) {
    listProblem = (err as Error).message;
  }
  const tierRow = (tier: string) => tiers?.rows.find((r) => str(r.risk_tier) === tier);
  const scored = tiers ? tiers.rows.reduce((s, r) => s + num(r.customers), 0) : 0;

  const tierShares = report.coefficients.riskTierShares;
  const values: Record<string, string> = {
    heldout_base_rate: pct(m.baseRate, 2),
    train_base_rate: pct(m.trainBaseRate, 2),
    stay_rate: pct(1 - m.baseRate, 1),
    auc: f3(model.auc),
    auc_low: f3(model.aucInterval.low),
    auc_high: f3(model.aucInterval.high),
    heldout_rows: m.data.testRows.toLocaleString('en-US'),
    auc_pct: pct(model.auc, 0),
    baseline_pct: pct(base.auc, 0),
    threshold: model.threshold.toFixed(2),
    flagged: (c.tp + c.fp).toLocaleString('en-US'),
    precision: pct(model.precision, 0),
    recall: pct(model.recall, 0),
    top10_captured: top10 ? pct(top10.captured, 0) : '—',
    top10_lift: top10 ? top10.lift.toFixed(1) : '—',
    top1_precision: top1 ? pct(top1.precision, 0) : '—',
    top1_lift: top1 ? top1.lift.toFixed(1) : '—',
    min_auc: gateBar('held-out AUC'),
    min_gain: gateBar('gain over recency baseline'),
    max_p95: gateBar('shuffled-label AUC p95'),
    shuffled_fits: String(m.shuffled.fits),
    scored: scored.toLocaleString('en-US'),
    active_days: String(report.coefficients.activeDays ?? '—'),
    high_share: tierShares ? pct(tierShares.high, 0) : '—',
    medium_share: tierShares ? pct(tierShares.medium - tierShares.high, 0) : '—',
    high_cutoff: tierRow('High') ? num(tierRow('High')!.min_probability).toFixed(3) : '—',
    medium_cutoff: tierRow('Medium') ? num(tierRow('Medium')!.min_probability).toFixed(3) : '—',
  };
  const explain = (name: string) => fill(ctx.params[name], values);
  const lines = (...names: string[]) => names.map(explain).filter((l): l is string => l !== null);

  const blocks: Block[] = [
    {
      kind: 'text',
      title: 'What the numbers mean',
      lines: lines('explain_definition', 'explain_base_rate', 'explain_auc', 'explain_threshold', 'explain_lift'),
    },
    {
      kind: 'kpis',
      title: `Model ${report.modelVersion}, trained ${report.trainedAt.slice(0, 16)} — every held-out row (${m.data.testCutoffs[0]} .. ${m.data.testCutoffs[1]})`,
      items: [
        { label: 'AUC [95% CI]', value: `${f3(model.auc)} [${f3(model.aucInterval.low)}, ${f3(model.aucInterval.high)}]` },
        { label: 'recency-only AUC', value: f3(base.auc) },
        { label: 'shuffled p95', value: f3(m.shuffled.p95) },
        { label: 'PR AUC', value: `${f3(model.prAuc)} (recency ${f3(base.prAuc)})` },
        { label: `precision / recall @ ${model.threshold.toFixed(2)}`, value: `${f3(model.precision)} / ${f3(model.recall)}` },
        { label: 'Brier', value: `${model.brier.toFixed(4)} (recency ${base.brier.toFixed(4)})` },
        { label: 'base rate train / held out', value: `${pct(m.trainBaseRate, 2)} / ${pct(m.baseRate, 2)}` },
      ],
    },
    {
      kind: 'checks',
      title: report.deployed
        ? 'Deploy gate: passed, model deployed'
        : `Deploy gate: refused${report.activeModelVersion ? `, predictions stay from ${report.activeModelVersion}` : ''}`,
      items: gate.checks.map((k) => ({ name: k.name, status: k.passed ? 'pass' : 'fail', observed: f3(k.value), expected: k.bar })),
    },
    { kind: 'text', title: 'Why this gate', lines: [...lines('explain_gate'), report.gateReason] },
  ];
  if (model.rocPoints.length > 1)
    blocks.push({ kind: 'roc', title: 'ROC curve (every held-out row)', points: model.rocPoints.map((p) => ({ fpr: p.fpr, tpr: p.tpr })), auc: model.auc });
  blocks.push({
    kind: 'table',
    title: 'Lift: calling the top of the list',
    columns: ['called', 'precision', 'lift', 'churners caught', 'recency only: caught'],
    rows: model.top.map((t, k) => ({
      called: `top ${Math.round(t.share * 100)}%`,
      precision: pct(t.precision),
      lift: `${t.lift.toFixed(1)}x`,
      'churners caught': pct(t.captured),
      'recency only: caught': base.top[k] ? pct(base.top[k].captured) : '—',
    })),
  });
  blocks.push({
    kind: 'table',
    title: 'Calibration: predicted vs observed churn, held-out rows in ten equal groups by score',
    columns: ['group', 'rows', 'predicted', 'observed'],
    rows: model.calibration.map((b) => ({ group: b.bin, rows: b.rows, predicted: pct(b.meanPredicted, 2), observed: pct(b.observedRate, 2) })),
  });
  blocks.push({
    kind: 'text',
    title: `Shuffled-label control: ${m.shuffled.fits} fits`,
    lines: [
      `held-out AUC min ${f3(m.shuffled.min)}, median ${f3(m.shuffled.median)}, p95 ${f3(m.shuffled.p95)}, max ${f3(m.shuffled.max)}`,
      `all: ${m.shuffled.aucs.map(f3).join(' ')}`,
    ],
  });
  const importance = [...m.importance].sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient)).slice(0, 10);
  if (importance.length > 0) {
    blocks.push({
      kind: 'bars',
      title: 'Feature importance: |standardised coefficient| ((−) lowers risk)',
      format: 'decimal',
      items: importance.map((f) => ({ label: `${f.feature}${f.coefficient < 0 ? ' (−)' : ''}`, value: Math.abs(f.coefficient) })),
    });
  }
  if (listProblem !== null) {
    blocks.push({ kind: 'text', title: 'Call list', lines: [listProblem] });
  } else {
    blocks.push({ kind: 'text', title: 'Call list', lines: lines('explain_tiers') });
    if (tiers && tiers.rows.length > 0)
      blocks.push({
        kind: 'bars',
        title: 'Still-active customers per risk tier',
        format: 'int',
        items: tiers.rows.map((r) => ({ label: str(r.risk_tier), value: num(r.customers) })),
      });
    blocks.push(
      leaderboard && leaderboard.rows.length > 0
        ? { kind: 'table', title: 'Whom to call first', ...leaderboard }
        : { kind: 'text', title: 'Whom to call first', lines: ['GOLD.CHURN_PREDICTIONS is empty: no model has been deployed yet'] },
    );
  }
  return blocks;
};
