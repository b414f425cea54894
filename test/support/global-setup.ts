import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { runConfig } from '../../src/core/config.js';
import { runStages } from '../../src/pipeline/pipeline.js';
import { generateStage, pipelineStages } from '../../src/pipeline/stages.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data dir holding what `c360-demo generate --scale test` builds (bronze and telemetry, no gold). */
    bronzeWarehouseDir: string;
    /** A data dir holding what `c360-demo pipeline --scale test` builds: gold, churn model, share, dbt artefacts. */
    goldWarehouseDir: string;
  }
}

/** Builds the test-scale bronze warehouse once per `vitest run`; tests copy it (test/support/warehouse.ts). */
export default async function setup(project: TestProject): Promise<() => void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-suite-'));
  const dataDir = path.join(root, 'bronze');
  fs.mkdirSync(dataDir);
  const backend = await LocalDuckDbBackend.open({ dataDir });
  try {
    const reports = await runStages([generateStage], {
      backend,
      config: runConfig({ dataDir, scale: 'test', backend: 'local' }),
      onProgress: () => undefined,
      signal: new AbortController().signal,
    });
    if (reports.some((r) => r.status === 'failed')) throw new Error(`building the test warehouse failed: ${reports.map((r) => r.detail).join('; ')}`);
  } finally {
    await backend.close();
  }
  project.provide('bronzeWarehouseDir', dataDir);
  project.provide('goldWarehouseDir', await buildGold(root, dataDir));
  return () => fs.rmSync(root, { recursive: true, force: true });
}

/** The rest of the pipeline on a copy of the bronze warehouse. */
async function buildGold(root: string, bronzeDir: string): Promise<string> {
  const dataDir = path.join(root, 'gold');
  fs.cpSync(bronzeDir, dataDir, { recursive: true });
  const backend = await LocalDuckDbBackend.open({ dataDir });
  try {
    const stages = pipelineStages().filter((stage) => stage.name !== 'generate');
    const reports = await runStages(stages, {
      backend,
      config: runConfig({ dataDir, scale: 'test', backend: 'local' }),
      onProgress: () => undefined,
      signal: new AbortController().signal,
    });
    if (reports.some((r) => r.status === 'failed')) throw new Error(`building the gold test warehouse failed: ${reports.map((r) => r.detail).join('; ')}`);
  } finally {
    await backend.close();
  }
  return dataDir;
}
