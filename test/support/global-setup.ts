import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { runConfig } from '../../src/core/config.js';
import { runStages } from '../../src/pipeline/pipeline.js';
import { pipelineStages } from '../../src/pipeline/stages.js';
import { creditCard, media, packDir } from './pack.js';
import { markBuilt, markFailed, pipelineReportFile } from './warehouse-ready.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data dir holding what `c360-demo generate --scale test` builds (bronze and telemetry, no gold), in its credit-card folder. */
    bronzeWarehouseDir: string;
    /** A data dir holding what `c360-demo pipeline --scale test` builds: gold, churn model, share, dbt artefacts. */
    goldWarehouseDir: string;
    /** A data dir holding what `c360-demo pipeline --pack media --scale test` builds (landing files, raw, staging, analytics), in its media folder. */
    mediaWarehouseDir: string;
  }
}

/**
 * Compiles the project (the real-binary tests run dist/) while the warehouses are built: the two
 * overlap instead of running one after the other. Incremental: after `npm install` (whose prepare
 * script builds with the same build-info file) an unchanged tree compiles in a few seconds.
 */
function buildProject(): Promise<void> {
  if (distIsCurrent()) return Promise.resolve();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`compiling the project failed (tsc exit ${String(code)})`))));
  });
}

/**
 * Whether dist/ was compiled after the last change to anything it is compiled from (tsconfig
 * files, src/, local-ml/): then even an incremental tsc (a few CPU seconds) has nothing to do.
 */
function distIsCurrent(): boolean {
  let built: number;
  try {
    built = fs.statSync(path.join('dist', '.tsbuildinfo')).mtimeMs;
  } catch {
    return false;
  }
  // Folders too: removing or renaming a file changes its folder's mtime.
  const inputs = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'local-ml'];
  for (const dir of ['src', 'local-ml']) {
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isDirectory() || (entry.isFile() && /\.tsx?$/.test(entry.name))) inputs.push(path.join(entry.parentPath, entry.name));
    }
  }
  return inputs.every((file) => fs.statSync(file).mtimeMs < built);
}

/**
 * Once per `vitest run`: compiles the project and builds the test-scale warehouses, bronze only and
 * after the whole pipeline; tests copy them (test/support/warehouse.ts). The tests start once
 * bronze is built: gold is built in the background, on the core the pipeline's single-threaded
 * stages leave idle, while the bronze-only files the sequencer starts first run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const built = buildProject();
  // Settle the build's promise at once so a failure is not reported as unhandled while the warehouses build.
  built.catch(() => undefined);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-suite-'));
  const bronzeRoot = path.join(root, 'bronze');
  const dataDir = packDir(bronzeRoot);
  fs.mkdirSync(dataDir, { recursive: true });
  const backend = await LocalDuckDbBackend.open({ dataDir, pack: creditCard });
  try {
    const reports = await runStages((await pipelineStages(creditCard)).slice(0, 1), {
      backend,
      config: runConfig({ pack: creditCard, dataDir, scale: 'test', backend: 'local' }),
      onProgress: () => undefined,
      signal: new AbortController().signal,
    });
    if (reports.some((r) => r.status === 'failed')) throw new Error(`building the test warehouse failed: ${reports.map((r) => r.detail).join('; ')}`);
  } finally {
    await backend.close();
  }
  project.provide('bronzeWarehouseDir', bronzeRoot);
  const goldRoot = path.join(root, 'gold');
  project.provide('goldWarehouseDir', goldRoot);
  // copyGoldWarehouse waits for the marker; a failure is reported by the first test that needs gold.
  const gold = buildGold(goldRoot, bronzeRoot).then(
    () => markBuilt(goldRoot),
    (err: unknown) => markFailed(goldRoot, err),
  );
  const mediaRoot = path.join(root, 'media');
  project.provide('mediaWarehouseDir', mediaRoot);
  // Beside gold, the same way: copyMediaWarehouse waits for its marker.
  const mediaBuild = buildMedia(mediaRoot).then(
    () => markBuilt(mediaRoot),
    (err: unknown) => markFailed(mediaRoot, err),
  );
  await built;
  return async () => {
    await Promise.all([gold, mediaBuild]);
    fs.rmSync(root, { recursive: true, force: true });
  };
}

/** `c360-demo pipeline --pack media --scale test`, its stage reports kept beside the data dir. */
async function buildMedia(mediaRoot: string): Promise<void> {
  const dataDir = packDir(mediaRoot, media);
  fs.mkdirSync(dataDir, { recursive: true });
  const backend = await LocalDuckDbBackend.open({ dataDir, pack: media });
  try {
    const reports = await runStages(await pipelineStages(media), {
      backend,
      config: runConfig({ pack: media, dataDir, scale: 'test', backend: 'local' }),
      onProgress: () => undefined,
      signal: new AbortController().signal,
    });
    fs.writeFileSync(pipelineReportFile(mediaRoot), JSON.stringify(reports));
    if (reports.some((r) => r.status === 'failed')) throw new Error(`building the media test warehouse failed: ${reports.map((r) => r.detail).join('; ')}`);
  } finally {
    await backend.close();
  }
}

/** The rest of the pipeline on a copy of the bronze warehouse. */
async function buildGold(goldRoot: string, bronzeRoot: string): Promise<void> {
  fs.cpSync(bronzeRoot, goldRoot, { recursive: true });
  const dataDir = packDir(goldRoot);
  const backend = await LocalDuckDbBackend.open({ dataDir, pack: creditCard });
  try {
    const stages = (await pipelineStages(creditCard)).filter((stage) => stage.name !== 'generate');
    const reports = await runStages(stages, {
      backend,
      config: runConfig({ pack: creditCard, dataDir, scale: 'test', backend: 'local' }),
      onProgress: () => undefined,
      signal: new AbortController().signal,
    });
    if (reports.some((r) => r.status === 'failed')) throw new Error(`building the gold test warehouse failed: ${reports.map((r) => r.detail).join('; ')}`);
  } finally {
    await backend.close();
  }
}
