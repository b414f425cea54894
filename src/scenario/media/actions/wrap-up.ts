import { z } from 'zod';
import type { Block, SceneAction } from '../../../scenes/types.js';
import { num, str } from '../../../scenes/sql-run.js';
import { count, sceneContent, seconds, timedQueries } from './shared.js';

/** The seed's Performance Characteristics, as the scene file states them; `measure` names what this run measured for each. */
const contentSchema = z.object({
  targets: z
    .array(
      z.object({
        path: z.string().min(1),
        seed: z.string().min(1),
        sla: z.string().min(1),
        measure: z.enum(['latency', 'facts', 'scores', 'dashboard', 'throughput']),
      }),
    )
    .min(1),
  /** The dashboard's queries, timed here (the same files the dashboard scenes run). */
  dashboard: z.array(z.string().min(1)).min(1),
});

/** The seed's latency, freshness and throughput table beside this run's figures, with the scale named. */
export const wrapUp: SceneAction = async (ctx) => {
  const content = sceneContent(contentSchema, ctx.content, 'wrap-up');
  const sql = timedQueries(ctx);
  const run = (await sql.run('wrap_up_run.sql')).rows[0] ?? {};
  const feed = (await sql.run('feed_summary.sql')).rows[0] ?? {};
  const queryMs: number[] = [];
  for (const name of content.dashboard) {
    const started = performance.now();
    await sql.run(name);
    queryMs.push(performance.now() - started);
  }
  const subscribers = num(run.subscribers);
  const scale = Object.entries(ctx.config.pack.scales).find(([, n]) => n === num(run.roster))?.[0] ?? 'custom';
  const measured: Record<string, string> = {
    latency:
      num(feed.staged_rows) > 0
        ? `p50 ${seconds(feed.p50_seconds)}, p95 ${seconds(feed.p95_seconds)} (${count(feed.staged_rows)} feed events)`
        : 'no feed run yet',
    facts: run.facts_through ? `FCT_ENGAGEMENT_DAILY through ${str(run.facts_through).slice(0, 10)} (as-of ${str(run.as_of).slice(0, 10)})` : 'not built',
    scores: run.scored_through ? `scores for ${str(run.scored_through).slice(0, 10)}` : 'no deployed model: nothing scored',
    dashboard: `slowest of ${queryMs.length} queries ${Math.max(...queryMs).toFixed(0)} ms`,
    throughput: num(feed.staged_rows) > 0 ? 'see the live-feed scene: rows/min per task while running' : 'no feed run yet',
  };
  const blocks: Block[] = [
    {
      kind: 'table',
      title: `The seed's figures beside this run: ${scale} scale, ${count(subscribers)} subscribers, local DuckDB`,
      columns: ['path', 'seed (SLA)', 'this run'],
      rows: content.targets.map((t) => ({ path: t.path, 'seed (SLA)': `${t.seed} (${t.sla})`, 'this run': measured[t.measure] ?? '' })),
    },
    sql.timesBlock(),
  ];
  return blocks;
};
