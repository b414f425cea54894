import type { Block, SceneAction } from '../../../scenes/types.js';
import { num, str } from '../../../scenes/sql-run.js';
import { count, timedQueries } from './shared.js';

/** Engagement over time, week by week, and by segment over the last 30 days. */
export const engagement: SceneAction = async (ctx) => {
  const sql = timedQueries(ctx);
  const weekly = (await sql.run('engagement_weekly.sql')).rows;
  const segments = await sql.run('engagement_segments.sql');
  // A week the history only partly covers (its first and last) is labelled with its days.
  const label = (r: (typeof weekly)[number]) => `${str(r.week).slice(5, 10)}${num(r.days) < 7 ? `(${count(r.days)}d)` : ''}`;
  const blocks: Block[] = [
    { kind: 'line', title: 'Articles read per week', labels: weekly.map(label), values: weekly.map((r) => num(r.articles)), format: 'int' },
    { kind: 'line', title: 'Readers per week', labels: weekly.map(label), values: weekly.map((r) => num(r.readers)), format: 'int' },
    {
      kind: 'line',
      title: 'Average daily engagement score of readers (0-100)',
      labels: weekly.map(label),
      values: weekly.map((r) => num(r.avg_engagement)),
      format: 'decimal',
    },
    {
      kind: 'table',
      title: 'Last 30 days by segment (active subscribers)',
      columns: ['segment', 'subscribers', 'readers', 'articles each', 'engagement'],
      rows: segments.rows.map((r) => ({
        segment: str(r.segment),
        subscribers: count(r.subscribers),
        readers: count(r.readers),
        'articles each': num(r.articles_per_subscriber).toFixed(1),
        engagement: num(r.avg_engagement).toFixed(1),
      })),
    },
    sql.timesBlock(),
  ];
  return blocks;
};
