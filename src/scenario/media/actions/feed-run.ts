import type { FeedStatus } from '../feed.js';
import type { Block, SceneAction } from '../../../scenes/types.js';
import { UserError } from '../../../core/errors.js';
import { num } from '../../../scenes/sql-run.js';
import { count, seconds } from './shared.js';
import { liveFeed } from './live-feed.js';

/** A positive number from the scene's params, else the default. */
function param(value: string | number | undefined, fallback: number): number {
  const n = num(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** A staging task's column heading: SFE_PROCESS_ENGAGEMENT_TASK is "engagement". */
const taskLabel = (task: string) => task.replace(/^SFE_PROCESS_|_TASK$/g, '').toLowerCase();

/** One line per tick while the feed runs: what it wrote, loaded and staged, and the latency so far. */
function tickBlocks(status: FeedStatus, ticks: FeedStatus[], tickSeconds: number, durationSeconds: number): Block[] {
  return [
    {
      kind: 'kpis',
      title: `Feed running: tick ${status.tick}, ${status.elapsedSeconds.toFixed(0)} of ${durationSeconds} s (the tasks' 1-minute schedule shortened to ${tickSeconds} s)`,
      items: [
        { label: 'written', value: count(status.written.total) },
        { label: 'loaded', value: count(status.loaded) },
        { label: 'rejected', value: count(status.rejected) },
        { label: 'staged', value: count(status.staged) },
        { label: 'latency p50', value: seconds(status.latency.p50Seconds) },
        { label: 'p95', value: seconds(status.latency.p95Seconds) },
      ],
    },
    {
      kind: 'table',
      title: "Ticks (running totals; each task's run that tick)",
      columns: ['tick', 'written', 'loaded', 'staged', 'p95', ...Object.keys(status.lastStates).map(taskLabel)],
      rows: ticks.slice(-8).map((t) => ({
        tick: t.tick,
        written: count(t.written.total),
        loaded: count(t.loaded),
        staged: count(t.staged),
        p95: seconds(t.latency.p95Seconds),
        ...Object.fromEntries(Object.entries(t.lastStates).map(([task, state]) => [taskLabel(task), state])),
      })),
    },
  ];
}

/**
 * Runs the live feed here, for the scene's `params.duration_seconds` at `params.rate` events a
 * minute with the tasks' schedule shortened to `params.tick_seconds` (the feed needs the
 * warehouse for writing, so the presenter runs it rather than a second terminal), showing each
 * tick as it lands; then the feed's measurements, as the live-feed scene reads them.
 */
export const feedRun: SceneAction = async (ctx) => {
  if (ctx.backend.kind !== 'local') throw new UserError('the live feed runs on the local warehouse only for now');
  const { runFeed } = await import('../feed.js');
  const durationSeconds = param(ctx.params.duration_seconds, 30);
  const tickSeconds = param(ctx.params.tick_seconds, 3);
  const rate = param(ctx.params.rate, 6000);
  const ticks: FeedStatus[] = [];
  const started = performance.now();
  const summary = await runFeed(ctx.backend, {
    dataDir: ctx.config.dataDir,
    seed: ctx.config.seed,
    rate,
    tickMs: tickSeconds * 1000,
    durationMs: durationSeconds * 1000,
    signal: ctx.signal,
    onTick: (status) => {
      // The feed updates its counters in place: keep each tick's figures as they were.
      ticks.push(structuredClone(status));
      ctx.onProgress({ stage: `feed tick ${status.tick}`, fraction: Math.min(1, status.elapsedSeconds / durationSeconds) });
      ctx.onLive(tickBlocks(status, ticks, tickSeconds, durationSeconds));
    },
  });
  ctx.recordSql({
    label: `c360-demo feed --pack media --rate ${rate} --tick ${tickSeconds}s --duration ${durationSeconds}s`,
    sql: `-- ${summary.tick} ticks: landing files written, loaded (COPY INTO), then EXECUTE TASK on each staging task WHEN its stream has data`,
    ms: Math.round(performance.now() - started),
    rows: summary.written.total,
  });
  return [
    {
      kind: 'text',
      title: `Feed: ${count(summary.written.total)} events in ${summary.tick} ticks of ${tickSeconds} s (${count(rate)} a minute)${summary.interrupted ? ', stopped early' : ''}`,
      lines: summary.issues,
    },
    ...(await liveFeed(ctx)),
  ];
};
