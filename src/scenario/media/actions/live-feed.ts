import { z } from 'zod';
import type { Block, SceneAction } from '../../../scenes/types.js';
import { num, runSceneSql, str } from '../../../scenes/sql-run.js';
import { count, sceneContent, seconds, when } from './shared.js';

/** The seed's figures, from the scene file: what the feed's measurements are set beside. */
const contentSchema = z.object({
  targets: z.object({
    latency_seconds: z.number().positive(),
    sla_seconds: z.number().positive(),
    events_per_minute_per_task: z.number().positive(),
  }),
  /** The command that starts a feed, shown when none has run. */
  command: z.string().min(1),
});

type CheckItem = Extract<Block, { kind: 'checks' }>['items'][number];

/** Staging tasks' runs that did work, for throughput while they run. */
const HISTORY_LIMIT = 2000;

/**
 * The live feed as the warehouse recorded it (`c360-demo feed` writes files named feed-NNNNNN):
 * events per batch through raw to staging, latency p50 / p95 from creation to the staging row
 * against the seed's < 2 minutes and SLA 5 minutes, and each staging task's rows a minute while
 * it ran against 1,000 a minute. With no feed yet it says so and shows the command.
 */
export const liveFeed: SceneAction = async (ctx) => {
  const content = sceneContent(contentSchema, ctx.content, 'live-feed');
  const { targets } = content;
  const summary = (await runSceneSql(ctx, 'feed_summary.sql')).rows[0] ?? {};
  const targetLines = [
    `seed: event to staging < ${targets.latency_seconds / 60} minutes, SLA ${targets.sla_seconds / 60} minutes; staging ${count(targets.events_per_minute_per_task)} events a minute per task`,
  ];
  if (!(num(summary.raw_rows) > 0)) {
    return [
      {
        kind: 'text',
        title: 'Live feed: no feed has run on this warehouse yet',
        lines: [
          `Run one in the next scene (r), or from a terminal with the presenter closed (it writes to the warehouse):`,
          `  ${content.command}`,
          ...targetLines,
        ],
      },
    ];
  }

  const batches = await runSceneSql(ctx, 'feed_batches.sql');
  // Throughput while the tasks ran: the rows each staged from the feed's files over the time its
  // runs took since the feed's first load (the pipeline's earlier runs staged the history).
  const orchestration = await import('../../../orchestration/index.js');
  const started = performance.now();
  const history = await orchestration.taskHistory(ctx.backend, { limit: HISTORY_LIMIT });
  ctx.recordSql({
    label: 'TASK_HISTORY (the staging runs since the feed began)',
    sql: `SELECT * FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(RESULT_LIMIT => ${HISTORY_LIMIT}));`,
    ms: Math.round(performance.now() - started),
    rows: history.length,
  });
  const perTask = await runSceneSql(ctx, 'feed_task_rows.sql');
  const since = Date.parse(`${str(summary.first_loaded).replace(' ', 'T').slice(0, 23)}Z`);
  const throughput = perTask.rows.map((r) => {
    // A skipped run has no start time (its condition was false before it started).
    const feedRuns = history.filter((h) => h.name === str(r.task_name) && Date.parse(h.query_start_time ?? h.scheduled_time) >= since);
    const runs = feedRuns.filter((h) => h.state === 'SUCCEEDED' && h.query_start_time && h.completed_time);
    const runSeconds = runs.reduce((s, h) => s + (Date.parse(h.completed_time!) - Date.parse(h.query_start_time!)) / 1000, 0);
    const perMinute = runSeconds > 0 ? (num(r.staged_rows) / runSeconds) * 60 : Number.NaN;
    const skipped = feedRuns.filter((h) => h.state === 'SKIPPED').length;
    return { task: str(r.task_name), rows: num(r.staged_rows), runs: runs.length, skipped, runSeconds, perMinute };
  });

  const p95 = num(summary.p95_seconds);
  const blocks: Block[] = [
    {
      kind: 'kpis',
      title: `Live feed: ${count(summary.batches)} batches staged ${when(summary.first_staged)} .. ${when(summary.last_staged)}`,
      items: [
        { label: 'raw rows', value: count(summary.raw_rows) },
        { label: 'rejected', value: count(summary.rejected) },
        { label: 'staged', value: count(summary.staged_rows) },
        { label: 'latency p50', value: seconds(summary.p50_seconds) },
        { label: 'p95', value: seconds(summary.p95_seconds) },
        { label: 'max', value: seconds(summary.max_seconds) },
      ],
    },
    {
      kind: 'checks',
      title: 'Against the seed',
      items: [
        {
          name: 'latency p95, event to staging',
          status: p95 < targets.latency_seconds ? 'pass' : 'fail',
          observed: seconds(p95),
          expected: `< ${targets.latency_seconds} s (SLA ${targets.sla_seconds} s)`,
        },
        ...throughput.map((t): CheckItem => ({
          name: `${t.task.replace(/^SFE_PROCESS_|_TASK$/g, '').toLowerCase()} task throughput`,
          status: t.perMinute >= targets.events_per_minute_per_task ? 'pass' : 'warn',
          observed: `${Number.isFinite(t.perMinute) ? `${count(t.perMinute)} rows/min while running (${count(t.rows)} rows in ${t.runs} runs, ${t.runSeconds.toFixed(1)} s)` : 'no run with work'}; ${t.skipped} skipped (stream empty)`,
          expected: `≥ ${count(targets.events_per_minute_per_task)} events/min per task`,
        })),
      ],
    },
    {
      kind: 'line',
      title: 'Latency p95 per batch (seconds)',
      labels: batches.rows.map((r) => `#${str(r.batch)}`),
      values: batches.rows.map((r) => (Number.isFinite(num(r.p95_seconds)) ? num(r.p95_seconds) : 0)),
      format: 'decimal',
    },
    {
      kind: 'table',
      title: 'Events flowing: the last batches',
      columns: ['batch', 'raw rows', 'staged', 'staged at', 'p50', 'p95'],
      rows: batches.rows.slice(-8).map((r) => ({
        batch: str(r.batch),
        'raw rows': count(r.raw_rows),
        staged: count(r.staged_rows),
        'staged at': when(r.staged_at),
        p50: seconds(r.p50_seconds),
        p95: seconds(r.p95_seconds),
      })),
    },
    { kind: 'text', lines: [...targetLines, `run another feed: ${content.command}`] },
  ];
  return blocks;
};
