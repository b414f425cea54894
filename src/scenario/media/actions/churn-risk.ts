import { z } from 'zod';
import type { Row } from '../../../backends/backend.js';
import type { Block, SceneAction } from '../../../scenes/types.js';
import { num, str } from '../../../scenes/sql-run.js';
import { count, timedQueries } from './shared.js';

/** The registry's coefficients: the design (each feature's transform, mean and sd) and the weights, intercept first. */
const coefficientsSchema = z.object({
  design: z.array(
    z.object({ name: z.string(), kind: z.string(), source: z.string().optional(), transform: z.string().optional(), mean: z.number(), sd: z.number() }),
  ),
  weights: z.array(z.number()),
});

/**
 * Each feature's share of a subscriber's score: weight x standardised value (log1p first where the
 * model takes it), the largest that raise the risk first.
 */
function reasons(row: Row, model: z.infer<typeof coefficientsSchema>, top: number): string {
  const parts = model.design.flatMap((term, i) => {
    if (term.kind !== 'numeric' || !term.source) return [];
    const value = num(row[term.source]);
    if (!Number.isFinite(value)) return [];
    const x = term.transform === 'log1p' ? Math.log1p(Math.max(0, value)) : value;
    const contribution = (model.weights[i] ?? 0) * ((x - term.mean) / (term.sd || 1));
    return [{ label: `${term.source.replace(/_/g, ' ')} ${Number.isInteger(value) ? value : value.toFixed(1)}`, contribution }];
  });
  return parts
    .filter((p) => p.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, top)
    .map((p) => `${p.label} (+${p.contribution.toFixed(2)})`)
    .join(', ');
}

/** The churn risk leaderboard: active subscribers only, highest risk first, each with the features that raise it most. */
export const churnRisk: SceneAction = async (ctx) => {
  const sql = timedQueries(ctx);
  const tiers = await sql.run('churn_tiers.sql');
  const model = (await sql.run('churn_model.sql')).rows[0];
  if (tiers.rows.length === 0) {
    return [
      {
        kind: 'text',
        title: 'Churn risk: no scores yet',
        lines: [
          'FCT_CUSTOMER_HEALTH_SCORES is empty: the daily scoring task scores only with a deployed model.',
          model
            ? `latest model ${str(model.model_version)}: ${str(model.gate_reason)}`
            : 'no churn model has been trained yet (c360-demo pipeline --pack media)',
        ],
      },
      sql.timesBlock(),
    ];
  }
  const board = await sql.run('churn_leaderboard.sql');
  const coefficients = model ? coefficientsSchema.safeParse(JSON.parse(str(model.coefficients) || '{}')) : undefined;
  const blocks: Block[] = [
    {
      kind: 'bars',
      title: `Active subscribers per risk tier, scored ${str(tiers.rows[0]!.score_date).slice(0, 10)}`,
      format: 'int',
      items: tiers.rows.map((r) => ({ label: str(r.risk_tier), value: num(r.subscribers) })),
    },
    {
      kind: 'table',
      title: `Churn risk leaderboard: active subscribers, highest risk first (model ${str(board.rows[0]?.model_version)})`,
      columns: ['subscriber', 'plan', 'tenure', 'risk', 'tier'],
      rows: board.rows.map((r) => ({
        subscriber: str(r.board_subscriber_id).slice(0, 8),
        plan: str(r.plan),
        tenure: `${count(r.tenure_days)} d`,
        risk: num(r.churn_risk_score).toFixed(3),
        tier: str(r.risk_tier),
      })),
    },
    {
      kind: 'text',
      title: 'Why: the features raising each one’s risk most (weight x standardised value, latest weekly observation)',
      lines: board.rows.map((r) => {
        const why = !coefficients?.success
          ? 'the model’s coefficients are not readable'
          : r.observation_date === null || r.observation_date === undefined
            ? 'no weekly observation yet (signed up since the last one)'
            : reasons(r, coefficients.data, 2) || 'no feature above average';
        return `${str(r.board_subscriber_id).slice(0, 8)}  ${why}`;
      }),
    },
    sql.timesBlock(),
  ];
  return blocks;
};
