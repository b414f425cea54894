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
import { commonOptions, DEFAULT_AS_OF, DEFAULT_SEED } from '../src/cli/options.js';
import { runStages } from '../src/pipeline/pipeline.js';
import { pipelineStages } from '../src/pipeline/stages.js';
import { stderrProgress } from '../src/pipeline/progress.js';

const program = new Command('bench')
  .addOption(new Option('--scale <scale>').choices(['test', 'small', 'full']).default('full'))
  .option('--stages <names>', 'comma-separated stage names to run (default: all)')
  .option('--keep', 'keep the data dir afterwards and print its path', false)
  .parse(process.argv);
const args = program.opts<{ scale: 'test' | 'small' | 'full'; stages?: string; keep: boolean }>();

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-bench-'));
const options = commonOptions({ dataDir, scale: args.scale, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF, backend: 'local' });
const wanted = args.stages?.split(',').map((s) => s.trim());
const stages = pipelineStages().filter((s) => !wanted || wanted.includes(s.name));

const backend = await LocalDuckDbBackend.open({ dataDir });
const progress = stderrProgress();
const started = performance.now();
const reports = await runStages(stages, { backend, options, onProgress: progress, signal: new AbortController().signal });
progress.done();

/** Extra measurements other modules offer (scene query latency, ...), run on the same warehouse. */
const extras: Record<string, unknown> = {};
try {
  // A variable specifier: the presenter module is optional for the bench.
  const sceneBench = '../src/scenes/bench.js';
  const scenes = (await import(sceneBench)) as { measureSceneQueries?: (b: LocalDuckDbBackend) => Promise<unknown> };
  if (scenes.measureSceneQueries) extras.sceneQueries = await scenes.measureSceneQueries(backend);
} catch (err) {
  extras.sceneQueries = `not measured: ${(err as Error).message.split('\n')[0]}`;
}
await backend.close();

// The Snowflake backend through the real snowflake-sdk against the loopback server (needs the
// warehouse closed by this process first: the server opens it itself).
try {
  const { benchSnowflakeLoopback } = await import('../src/backends/snowflake/testing/bench.js');
  extras.snowflakeLoopback = await benchSnowflakeLoopback({ dataDir });
} catch (err) {
  extras.snowflakeLoopback = `not measured: ${(err as Error).message.split('\n')[0]}`;
}

const result = {
  scale: args.scale,
  machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  totalSeconds: Number(((performance.now() - started) / 1000).toFixed(3)),
  stages: reports.map(({ data: _data, ...r }) => r),
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  ...extras,
  ...(args.keep ? { dataDir } : {}),
};
if (!args.keep) fs.rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
