/**
 * `tsc -p tsconfig.tools.json && node dist/bench/media.js [--scale test|small|full] [--keep]`:
 * generates the media pack's landing files in a fresh data dir, loads them into SFE_RAW_MEDIA,
 * loads again (everything skipped) and runs the raw-layer checks; prints ONE JSON object with
 * each step's seconds, the files' count and size per source, the rows and the check results.
 * With `--feed SECONDS`, then runs the live feed that long at 100,000 events a minute with a 5 s
 * tick (its first task runs stage the whole history) and adds its latency and task throughput.
 * The numbers in the media pack's doc come from here (run under /usr/bin/time -v for peak RSS).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { LocalDuckDbBackend } from '../src/backends/local/duckdb-backend.js';
import { SCALE_NAMES, type ScaleName } from '../src/core/config.js';
import { loadPack } from '../src/core/pack.js';
import { runFeed } from '../src/scenario/media/feed.js';
import { generateLanding, loadLanding, runMediaChecks, SOURCES } from '../src/scenario/media/index.js';

const args = new Command('bench-media')
  .addOption(new Option('--scale <scale>').choices(SCALE_NAMES).default('full'))
  .option('--keep', 'keep the data dir afterwards and print its path', false)
  .option('--feed <seconds>', 'then run the live feed this long (0: not at all)', '0')
  .parse(process.argv)
  .opts<{ scale: ScaleName; keep: boolean; feed: string }>();

const pack = loadPack('media');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-bench-media-'));
const dataDir = path.join(root, 'media');
const landingDir = path.join(dataDir, 'landing');
const backend = await LocalDuckDbBackend.open({ dataDir, pack });
const loadBefore = os.loadavg().map((l) => Number(l.toFixed(2)));

function folderStats(dir: string): { files: number; mib: number } {
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile());
  return { files: files.length, mib: Number((files.reduce((sum, f) => sum + fs.statSync(f).size, 0) / 2 ** 20).toFixed(1)) };
}

try {
  const generation = await generateLanding(backend, { scale: args.scale, seed: 42, asOf: '2025-06-30', landingDir });
  const load = await loadLanding(backend, { landingDir });
  const reload = await loadLanding(backend, { landingDir });
  const checks = await runMediaChecks(backend, { subscribers: generation.subscribers, contentBatchMinutes: generation.contentBatchMinutes });
  const feedSeconds = Number(args.feed);
  const feed = feedSeconds > 0 ? await runFeed(backend, { dataDir, seed: 42, rate: 100_000, durationMs: feedSeconds * 1000, tickMs: 5000 }) : undefined;
  console.log(
    JSON.stringify(
      {
        scale: args.scale,
        subscribers: generation.subscribers,
        contentBatchMinutes: generation.contentBatchMinutes,
        generateSeconds: Number(generation.seconds.toFixed(2)),
        loadSeconds: Number(load.seconds.toFixed(2)),
        reloadSeconds: Number(reload.seconds.toFixed(2)),
        sources: Object.fromEntries(
          SOURCES.map((s) => [
            s,
            {
              ...folderStats(path.join(landingDir, s)),
              records: generation.sources[s].records,
              loaded: load.sources[s].rowsLoaded,
              rejected: load.sources[s].rowsRejected,
            },
          ]),
        ),
        botViews: generation.botViews,
        cancels: generation.cancels,
        checks: checks.map((c) => `${c.name}: ${c.status} (${c.observed})`),
        ...(feed
          ? {
              feed: {
                rate: feed.rate,
                tickSeconds: feed.tickSeconds,
                written: feed.written.total,
                staged: feed.staged,
                latency: feed.latency,
                tasks: feed.tasks.map((t) => ({ name: t.name, runs: t.succeeded, rows: t.rows, rowsPerMinute: t.eventsPerMinute })),
              },
            }
          : {}),
        warehouseMiB: Number((fs.statSync(backend.file).size / 2 ** 20).toFixed(1)),
        cpus: os.cpus().length,
        loadAverageBefore: loadBefore,
        loadAverageAfter: os.loadavg().map((l) => Number(l.toFixed(2))),
      },
      null,
      2,
    ),
  );
} finally {
  await backend.close();
  if (args.keep) console.error(`kept ${root}`);
  else fs.rmSync(root, { recursive: true, force: true });
}
