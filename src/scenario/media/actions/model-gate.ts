import { z } from 'zod';
import type { Block, SceneAction } from '../../../scenes/types.js';
import { num, str } from '../../../scenes/sql-run.js';
import { count, timedQueries } from './shared.js';

const f3 = (value: unknown) => (Number.isFinite(num(value as never)) ? num(value as never).toFixed(3) : '—');

const storedCheck = z.object({ name: z.string(), value: z.number(), bar: z.string(), passed: z.boolean() });
/** The gate's checks as the training run judged and stored them (the registry's metrics JSON). */
const storedGate = z.object({ gate: z.object({ checks: z.array(storedCheck) }) });

type CheckItem = Extract<Block, { kind: 'checks' }>['items'][number];

function gateChecks(metrics: unknown): CheckItem[] | null {
  if (typeof metrics !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(metrics);
  } catch {
    return null;
  }
  const stored = storedGate.safeParse(parsed);
  if (!stored.success) return null;
  return stored.data.gate.checks.map((c) => ({
    name: c.name,
    status: c.passed ? ('pass' as const) : ('fail' as const),
    observed: f3(c.value),
    expected: c.bar,
  }));
}

/** The churn model and its deployment gate: held-out AUC with its interval, the recency baseline, the shuffled-label control, deployed or not. */
export const modelGate: SceneAction = async (ctx) => {
  const sql = timedQueries(ctx);
  const model = (await sql.run('churn_model.sql')).rows[0];
  if (!model)
    return [{ kind: 'text', title: 'The churn model', lines: ['no churn model has been trained yet: c360-demo pipeline --pack media'] }, sql.timesBlock()];
  const auc = num(model.heldout_auc);
  const baseline = num(model.baseline_auc);
  const shuffled = num(model.shuffled_auc_p95);
  const checks = gateChecks(model.metrics);
  const blocks: Block[] = [
    {
      kind: 'kpis',
      title: `Model ${str(model.model_version)}, trained ${str(model.trained_at).slice(0, 16)}: ${model.deployed === true ? 'deployed' : 'not deployed'}`,
      items: [
        { label: 'held-out AUC [95% CI]', value: `${f3(auc)} [${f3(model.heldout_auc_ci_low)}, ${f3(model.heldout_auc_ci_high)}]` },
        { label: 'recency-only baseline', value: f3(baseline) },
        { label: `shuffled-label p95 (${count(model.shuffled_fits)} fits)`, value: f3(shuffled) },
        { label: 'held-out rows', value: count(model.heldout_rows) },
      ],
    },
    ...(checks
      ? [{ kind: 'checks' as const, title: `Deploy gate: ${model.deployed === true ? 'passed, the model scores every day' : 'refused'}`, items: checks }]
      : []),
    { kind: 'text', title: 'Verdict', lines: [str(model.gate_reason)] },
    sql.timesBlock(),
  ];
  return blocks;
};
