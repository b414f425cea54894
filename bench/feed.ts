/**
 * The live feed of a pack that has one (`src/scenario/<pack>/feed.ts`, e.g. the media pack), run
 * by `npm run bench` after the pipeline: 100,000 events a minute on a 5-second tick for 30 s, so
 * that the tasks' throughput and the latency from an event's creation to its staging row are
 * measured against the pack's targets (p95 <= 10 s, >= 10,000 events a minute per task).
 */
import { LocalDuckDbBackend } from '../src/backends/local/duckdb-backend.js';
import { importPackModule, type Pack } from '../src/core/pack.js';
import type { FeedOptions, FeedSummary } from '../src/scenario/media/feed.js';

export const BENCH_FEED = { rate: 100_000, tickMs: 5_000, durationMs: 30_000 } as const;

interface PackFeed {
  runFeed: (backend: LocalDuckDbBackend, options: FeedOptions) => Promise<FeedSummary>;
}

export async function packHasFeed(pack: Pack): Promise<boolean> {
  return (await importPackModule(pack, 'feed')) !== undefined;
}

export async function benchFeed(options: { dataDir: string; pack: Pack; seed: number }) {
  const { runFeed } = (await importPackModule(options.pack, 'feed')) as PackFeed;
  const backend = await LocalDuckDbBackend.open({ dataDir: options.dataDir, pack: options.pack });
  try {
    const feed = await runFeed(backend, { dataDir: options.dataDir, seed: options.seed, ...BENCH_FEED });
    return {
      rate: feed.rate,
      tickSeconds: feed.tickSeconds,
      durationSeconds: feed.durationSeconds,
      written: feed.written.total,
      staged: feed.staged,
      latency: feed.latency,
      tasks: feed.tasks.map((t) => ({ name: t.name, runs: t.succeeded, skipped: t.skipped, rows: t.rows, rowsPerMinute: t.eventsPerMinute })),
      targets: feed.targets,
      issues: feed.issues,
    };
  } finally {
    await backend.close();
  }
}
