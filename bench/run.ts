/**
 * `npm run bench [-- --pack NAME] [--scale test|small|full] [--stages generate,validate] [--profile FILE] [--compare FILE]`:
 * runs the pack's local pipeline in a fresh data dir and prints ONE JSON object: each stage's seconds,
 * rows/s and peak RSS; the warehouse file's size; the scene queries' times; the presenter's first
 * frame; an incremental
 * `dbt build` after `stream append`; real dbt-duckdb on a copy of the same warehouse (the peer);
 * and the machine. The measurements after the pipeline run where the pack has what they need
 * (scenes, a dbt project, a churn stage, `stream append`, a live feed: its latency and the staging
 * tasks' throughput, bench/feed.ts). The numbers in the issues' closing notes
 * come from here, not from tests.
 *
 * --profile FILE  also writes DuckDB's profile (EXPLAIN ANALYZE) of every statement to FILE.
 * --compare FILE  compares with an earlier run's JSON; a figure more than 10% worse is a
 *                 regression, listed under `comparison`, and the exit code is 1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { LocalDuckDbBackend, warehousePath } from '../src/backends/local/duckdb-backend.js';
import { DEFAULT_SCALE, runConfig, SCALE_NAMES, type ScaleName } from '../src/core/config.js';
import { loadPack, packNames, packPath } from '../src/core/pack.js';
import { defaultScenesDir } from '../src/scenes/load.js';
import { repoPath } from '../src/util/paths.js';
import { runStages, type Stage } from '../src/pipeline/pipeline.js';
import { pipelineStages } from '../src/pipeline/stages.js';
import { progressPrinter } from '../src/pipeline/progress.js';
import { compareBench } from './compare.js';
import { DEFAULT_PACK } from '../src/cli/options.js';

const program = new Command('bench')
  .addOption(new Option('--pack <name>').choices(packNames()).default('credit-card'))
  .addOption(new Option('--scale <scale>').choices(SCALE_NAMES).default(DEFAULT_SCALE))
  .option('--stages <names>', 'comma-separated stage names to run (default: all)')
  .option('--profile <file>', "write DuckDB's profile of every statement (EXPLAIN ANALYZE) to this file")
  .option('--compare <file>', 'compare with an earlier JSON; exit 1 when a figure regressed by more than 10%')
  .option('--keep', 'keep the data dir afterwards and print its path', false)
  .parse(process.argv);
const args = program.opts<{ pack: string; scale: ScaleName; stages?: string; profile?: string; compare?: string; keep: boolean }>();
const baseline: unknown = args.compare ? JSON.parse(fs.readFileSync(args.compare, 'utf8')) : undefined;

const MiB = 2 ** 20;
const load = () => os.loadavg().map((l) => Number(l.toFixed(2)));
const loadBefore = load();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-bench-'));
const pack = loadPack(args.pack);
const config = runConfig({ pack, dataDir: path.join(dataDir, pack.name), scale: args.scale, backend: 'local' });
const wanted = args.stages?.split(',').map((s) => s.trim());

const opened = await LocalDuckDbBackend.open({ dataDir: config.dataDir, pack });
const profiler = args.profile ? await (await import('./profile.js')).profiledBackend(opened) : undefined;
const backend = profiler?.backend ?? opened;

/** The highest RSS seen while a stage ran (sampled; DuckDB works off the event loop, so samples keep coming). */
const stagePeakRss = new Map<string, number>();
/**
 * CPU seconds (user + system, every thread: DuckDB's included) each stage used. Unlike its wall
 * time, this hardly moves when other work shares the machine: compare runs on it when the load
 * averages differ.
 */
const stageCpuSeconds = new Map<string, number>();
const cpuSeconds = (since?: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
function sampled(stage: Stage): Stage {
  return {
    name: stage.name,
    async run(context) {
      profiler?.setStage(stage.name);
      const cpuStart = process.cpuUsage();
      let peak = process.memoryUsage.rss();
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
      try {
        return await stage.run(context);
      } finally {
        clearInterval(timer);
        stagePeakRss.set(stage.name, Math.round(Math.max(peak, process.memoryUsage.rss()) / MiB));
        stageCpuSeconds.set(stage.name, Number(cpuSeconds(cpuStart).toFixed(3)));
      }
    },
  };
}
const stages = (await pipelineStages(config.pack)).filter((s) => !wanted || wanted.includes(s.name)).map(sampled);

const progress = progressPrinter(process.stderr);
const started = performance.now();
const pipelineCpuStart = process.cpuUsage();
const reports = await runStages(stages, { backend, config, onProgress: progress, signal: new AbortController().signal });
progress.done();
const pipelineSeconds = (performance.now() - started) / 1000;
const pipelineCpuSeconds = cpuSeconds(pipelineCpuStart);
// Peak RSS of the pipeline itself, before the optional measurements below add their own.
const pipelinePeakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);

/** Extra measurements other modules offer, each optional: a failure is reported, not fatal. */
const extras: Record<string, unknown> = {};
async function measure(name: string, run: () => Promise<unknown>): Promise<void> {
  try {
    extras[name] = await run();
  } catch (err) {
    extras[name] = `not measured: ${(err as Error).message.split('\n')[0]}`;
  }
}

// What the pack has decides which measurements below apply.
const has = {
  scenes: fs.existsSync(defaultScenesDir(pack)),
  dbt: fs.existsSync(packPath(pack, 'dbt', 'dbt_project.yml')),
  churn: reports.some((r) => r.stage === 'churn train'),
  churnTrainers: fs.existsSync(packPath(pack, 'local-ml', 'sql', 'trainer_comparison_rows.sql')),
  streamAppend: fs.existsSync(repoPath('src', 'scenario', pack.name, 'stream_append.sql')),
  feed: await (await import('./feed.js')).packHasFeed(pack),
};
profiler?.setStage('scene queries');
// Latency of every scene's queries (the presenter's 200 ms budget).
if (has.scenes) await measure('sceneQueries', async () => (await import('./scenes.js')).measureSceneQueries(backend));
profiler?.setStage('churn trainers');
// The churn trainer against ml-logistic-regression's public API on the same training rows.
if (has.churn && has.churnTrainers) await measure('churnTrainers', async () => (await import('./churn-trainers.js')).compareChurnTrainers(backend));
await opened.close();
// Closing checkpoints the file: this is the size a user's data dir holds.
const warehouseFileMiB = Number((fs.statSync(warehousePath(config.dataDir)).size / MiB).toFixed(1));
// The presenter-side measurements query the modelled (dbt) layer the scenes show.
const presenter = has.scenes && has.dbt;
// The dialect, SQL cell and loopback measurements run fixed queries on the credit-card pack's GOLD
// tables; another pack's bench says so rather than failing on a warehouse it did not build.
const goldQueries = presenter && pack.name === DEFAULT_PACK;
if (presenter && !goldQueries) {
  for (const name of ['snowflakeDialect', 'sqlCell', 'snowflakeLoopback'])
    extras[name] = `not measured: its queries are the ${DEFAULT_PACK} pack's (npm run bench -- --pack ${DEFAULT_PACK})`;
}
// The presenter's first frame (the 1 s budget) and its first scene's data, in the built binary on this warehouse.
if (presenter) await measure('presenterStart', async () => (await import('./first-frame.js')).benchFirstFrame({ dataDir, pack }));
profiler?.setStage('snowflake dialect');
// Snowflake's dialect on the local backend: translator load, translation and typed gold queries.
if (goldQueries) await measure('snowflakeDialect', async () => (await import('./dialect.js')).benchSnowflakeDialect({ dataDir }));
// The SQL cell in the built binary, in a pseudo-terminal: opening it, and a gold query's rows on screen.
if (goldQueries) await measure('sqlCell', async () => (await import('./cell.js')).benchSqlCell({ dataDir }));
// The speaker view: a scene change from the presenter's socket to the notes window.
if (has.scenes) await measure('speakerFollow', async () => (await import('./speaker.js')).benchSpeakerFollow());
// The peer: real dbt-duckdb on a copy of the same warehouse (uses the venv that
// test/conformance/run.sh creates; says "not measured" without it).
if (has.dbt) await measure('realDbtDuckdb', async () => (await import('./dbt.js')).benchRealDbtDuckdb({ dataDir, pack }));
// The Snowflake backend through the real snowflake-sdk against the loopback server.
if (goldQueries) await measure('snowflakeLoopback', async () => (await import('./snowflake-loopback.js')).benchSnowflakeLoopback({ dataDir }));
// Last, because they append to bronze and gold: stream append / MERGE / share query timings, then
// an incremental `dbt build` over another appended batch.
if (has.streamAppend)
  await measure('orchestration', async () => {
    const again = await LocalDuckDbBackend.open({ dataDir: config.dataDir, pack });
    try {
      return await (await import('./orchestration.js')).benchOrchestration(again);
    } finally {
      await again.close();
    }
  });
if (has.streamAppend && has.dbt)
  await measure('incrementalDbtBuild', async () => {
    const again = await LocalDuckDbBackend.open({ dataDir: config.dataDir, pack });
    try {
      return await (await import('./dbt.js')).benchIncrementalDbtBuild(again, { dataDir });
    } finally {
      await again.close();
    }
  });
// The pack's live feed (latency from event to staging, the staging tasks' throughput); last, as it
// adds files and rows.
profiler?.setStage('feed');
if (has.feed) await measure('feed', async () => (await import('./feed.js')).benchFeed({ dataDir: config.dataDir, pack, seed: config.seed }));
if (profiler && args.profile) profiler.write(args.profile, { scale: args.scale, stages: reports.map(({ stage, seconds }) => ({ stage, seconds })) });

const churn = reports.find((r) => r.stage === 'churn train')?.data as
  | {
      deployed?: boolean;
      auc?: number;
      aucInterval?: { low: number; high: number };
      baselineAuc?: number;
      shuffledAuc?: unknown;
      baseRates?: unknown;
      data?: { testRows: number; testPositives: number; allTrainRows: number; allTrainPositives: number; trainRows: number };
      timings?: { trainSeconds: number; evaluateSeconds: number };
    }
  | undefined;
const dbtSeconds = reports.find((r) => r.stage === 'dbt build')?.seconds;
const realDbt = extras.realDbtDuckdb as { seconds?: number } | string | undefined;
const result = {
  pack: pack.name,
  scale: args.scale,
  machine: {
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    // Other work on the machine skews the timings (not the RSS or the file size): the 1/5/15-minute load averages.
    loadBefore,
    loadAfter: load(),
  },
  pipelineSeconds: Number(pipelineSeconds.toFixed(3)),
  pipelineCpuSeconds: Number(pipelineCpuSeconds.toFixed(3)),
  stages: reports.map(({ data: _data, ...r }) => ({ ...r, cpuSeconds: stageCpuSeconds.get(r.stage) ?? null, peakRssMiB: stagePeakRss.get(r.stage) ?? null })),
  pipelinePeakRssMiB,
  warehouseFileMiB,
  ...(churn
    ? {
        churn: {
          deployed: churn.deployed,
          heldOutAuc: churn.auc,
          heldOutAucInterval: churn.aucInterval,
          recencyBaselineAuc: churn.baselineAuc,
          shuffledLabelAuc: churn.shuffledAuc,
          baseRates: churn.baseRates,
          rows: churn.data ? { ...churn.data, perCutoff: undefined } : undefined,
          // Training (model and baseline) plus evaluation (bootstrap, the shuffled-label fits).
          trainAndEvaluateSeconds: churn.timings ? Number((churn.timings.trainSeconds + churn.timings.evaluateSeconds).toFixed(3)) : undefined,
          timings: churn.timings,
        },
      }
    : {}),
  ...extras,
  // The peer figure: the built-in runner's `dbt build` stage time over real dbt-duckdb's on the same data.
  dbtBuiltInOverReal: dbtSeconds !== undefined && typeof realDbt === 'object' && realDbt.seconds ? Number((dbtSeconds / realDbt.seconds).toFixed(3)) : null,
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  ...(args.profile ? { profile: path.resolve(args.profile) } : {}),
  ...(args.keep ? { dataDir } : {}),
};
if (!args.keep) fs.rmSync(dataDir, { recursive: true, force: true });
const comparison = baseline === undefined ? undefined : compareBench(baseline, result, { baseline: args.compare!, tolerance: 0.1 });
process.stdout.write(`${JSON.stringify(comparison ? { ...result, comparison } : result, null, 2)}\n`);
if (comparison && comparison.regressions.length > 0) process.exitCode = 1;
