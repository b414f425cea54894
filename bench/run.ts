/**
 * `npm run bench [-- --scale test|small|full] [--stages generate,validate]`: runs the local pipeline
 * in a fresh data dir and prints ONE JSON object: each stage's seconds and rows/s, and the
 * process's peak RSS. The numbers in the issues' closing notes come from here, not from tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { LocalDuckDbBackend } from '../src/backends/local/duckdb-backend.js';
import { DEFAULT_SCALE, runConfig, SCALE_NAMES, type ScaleName } from '../src/core/config.js';
import { runStages } from '../src/pipeline/pipeline.js';
import { pipelineStages } from '../src/pipeline/stages.js';
import { progressPrinter } from '../src/pipeline/progress.js';

const program = new Command('bench')
  .addOption(new Option('--scale <scale>').choices(SCALE_NAMES).default(DEFAULT_SCALE))
  .option('--stages <names>', 'comma-separated stage names to run (default: all)')
  .option('--keep', 'keep the data dir afterwards and print its path', false)
  .parse(process.argv);
const args = program.opts<{ scale: ScaleName; stages?: string; keep: boolean }>();

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-bench-'));
const config = runConfig({ dataDir, scale: args.scale, backend: 'local' });
const wanted = args.stages?.split(',').map((s) => s.trim());
const stages = pipelineStages().filter((s) => !wanted || wanted.includes(s.name));

const backend = await LocalDuckDbBackend.open({ dataDir });
const progress = progressPrinter(process.stderr);
const started = performance.now();
const reports = await runStages(stages, { backend, config, onProgress: progress, signal: new AbortController().signal });
progress.done();
const pipelineSeconds = (performance.now() - started) / 1000;
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

// Latency of every scene's gold queries (the presenter's 500 ms budget).
await measure('sceneQueries', async () => (await import('./scenes.js')).measureSceneQueries(backend));
// The churn trainer against ml-logistic-regression's public API on the same training rows.
await measure('churnTrainers', async () => (await import('./churn-trainers.js')).compareChurnTrainers(backend));
await backend.close();
// Snowflake's dialect on the local backend: translator load, translation and typed gold queries.
await measure('snowflakeDialect', async () => (await import('./dialect.js')).benchSnowflakeDialect({ dataDir }));
// The peer: real dbt-duckdb on a copy of the same warehouse (uses the venv that
// test/conformance/run.sh creates; says "not measured" without it).
await measure('realDbtDuckdb', async () => (await import('./dbt.js')).benchRealDbtDuckdb({ dataDir }));
// The Snowflake backend through the real snowflake-sdk against the loopback server.
await measure('snowflakeLoopback', async () => (await import('./snowflake-loopback.js')).benchSnowflakeLoopback({ dataDir }));
// Last, because it appends to bronze and gold: stream append / MERGE / share query timings.
await measure('orchestration', async () => {
  const again = await LocalDuckDbBackend.open({ dataDir });
  try {
    return await (await import('./orchestration.js')).benchOrchestration(again);
  } finally {
    await again.close();
  }
});

const churn = reports.find((r) => r.stage === 'churn train')?.data as
  | {
      auc?: number;
      aucInterval?: { low: number; high: number };
      baselineAuc?: number;
      shuffledAuc?: unknown;
      baseRates?: unknown;
      data?: { testRows: number; testPositives: number; allTrainRows: number; allTrainPositives: number; trainRows: number };
      timings?: { trainSeconds: number; evaluateSeconds: number };
    }
  | undefined;
const result = {
  scale: args.scale,
  machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  pipelineSeconds: Number(pipelineSeconds.toFixed(3)),
  stages: reports.map(({ data: _data, ...r }) => r),
  pipelinePeakRssMiB,
  ...(churn
    ? {
        churn: {
          heldOutAuc: churn.auc,
          heldOutAucInterval: churn.aucInterval,
          recencyBaselineAuc: churn.baselineAuc,
          shuffledLabelAuc: churn.shuffledAuc,
          baseRates: churn.baseRates,
          rows: churn.data ? { ...churn.data, perCutoff: undefined } : undefined,
          // Training (model and baseline) plus evaluation (bootstrap, the shuffled-label fits): the 8 s budget.
          trainAndEvaluateSeconds: churn.timings ? Number((churn.timings.trainSeconds + churn.timings.evaluateSeconds).toFixed(3)) : undefined,
          timings: churn.timings,
        },
      }
    : {}),
  ...extras,
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  ...(args.keep ? { dataDir } : {}),
};
if (!args.keep) fs.rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
