import type { Block, SceneAction } from '../../../scenes/types.js';
import { num, str } from '../../../scenes/sql-run.js';
import { count, timedQueries } from './shared.js';

/** Retention by signup cohort as a triangle: a row per cohort, a column per period after signup. */
export const cohorts: SceneAction = async (ctx) => {
  const sql = timedQueries(ctx);
  const cells = (await sql.run('cohort_retention.sql')).rows;
  const grain = str(ctx.params.cohort_grain) || 'month';
  const byCohort = new Map<string, Map<number, number>>();
  const sizes = new Map<string, number>();
  for (const r of cells) {
    const cohort = str(r.cohort).slice(0, 10);
    sizes.set(cohort, num(r.signed_up));
    const row = byCohort.get(cohort) ?? new Map<number, number>();
    row.set(num(r.periods_after), num(r.still_subscribed) / num(r.signed_up));
    byCohort.set(cohort, row);
  }
  const periods = Math.max(0, ...cells.map((r) => num(r.periods_after))) + 1;
  const columns = ['cohort', 'signed up', ...Array.from({ length: periods }, (_, k) => `${grain} ${k}`)];
  const blocks: Block[] = [
    {
      kind: 'table',
      title: `Retention by signup ${grain}: share still subscribed at the end of each ${grain} after signup`,
      columns,
      rows: [...byCohort.entries()].map(([cohort, row]) => ({
        cohort,
        'signed up': count(sizes.get(cohort)),
        ...Object.fromEntries(Array.from({ length: periods }, (_, k) => [`${grain} ${k}`, row.has(k) ? `${(100 * row.get(k)!).toFixed(0)}%` : ''])),
      })),
    },
    sql.timesBlock(),
  ];
  return blocks;
};
