/**
 * For `npm run bench`: times real dbt-duckdb (`dbt build --full-refresh --target duckdb`) on a copy
 * of the bench's warehouse, to set the built-in runner's numbers against their peer. Needs the
 * conformance venv (test/conformance/run.sh creates it); without it, says so instead of a number.
 * Call it after the bench closed its own connection to the warehouse.
 */
import { spawn } from 'node:child_process';
import { packDir } from '../test/support/pack.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Backend } from '../src/backends/backend.js';
import { packPath, type Pack } from '../src/core/pack.js';
import { runDbt } from '../src/dbt/index.js';
import { streamAppend } from '../src/orchestration/index.js';

export interface RealDbtBench {
  seconds: number;
  ok: boolean;
  summary: string;
}

export async function benchRealDbtDuckdb(options: { dataDir: string; pack: Pick<Pack, 'name'>; venv?: string }): Promise<RealDbtBench | string> {
  const venv = options.venv ?? process.env.C360_CONFORMANCE_VENV ?? path.join(os.tmpdir(), 'c360-conformance-venv');
  const dbt = path.join(venv, 'bin', 'dbt');
  if (!fs.existsSync(dbt)) return `not measured: no dbt in ${venv} (run test/conformance/run.sh once to create it)`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-realdbt-'));
  try {
    const file = path.join(work, 'warehouse.duckdb');
    fs.copyFileSync(path.join(packDir(options.dataDir, options.pack), 'warehouse.duckdb'), file);
    const wal = path.join(packDir(options.dataDir, options.pack), 'warehouse.duckdb.wal');
    if (fs.existsSync(wal)) fs.copyFileSync(wal, `${file}.wal`);
    const started = performance.now();
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve, reject) => {
      const child = spawn(
        dbt,
        ['--no-use-colors', 'build', '--full-refresh', '--profiles-dir', '.', '--target', 'duckdb', '--target-path', path.join(work, 'target')],
        {
          cwd: packPath(options.pack, 'dbt'),
          env: { ...process.env, DBT_TARGET: 'duckdb', C360_DUCKDB_PATH: file, DBT_LOG_PATH: path.join(work, 'logs'), DBT_SEND_ANONYMOUS_USAGE_STATS: 'false' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('close', (exit) => resolve({ code: exit ?? 1, output: text }));
    });
    const seconds = Number(((performance.now() - started) / 1000).toFixed(3));
    const done = /Done\. (PASS=\d+ .*)/.exec(output)?.[1] ?? output.trim().split('\n').slice(-1)[0] ?? '';
    return { seconds, ok: code === 0, summary: done.trim() };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export interface IncrementalDbtBench {
  appendedRows: number;
  appendSeconds: number;
  /** `dbt build` (models and tests) right after the append: FCT_TRANSACTIONS takes only the new rows. */
  buildSeconds: number;
  ok: boolean;
  factRowsMerged: number | null;
}

/**
 * For `npm run bench`: `stream append N` then `dbt build`, the way a presenter refreshes gold
 * after new transactions arrive. It appends to bronze: run it last.
 */
export async function benchIncrementalDbtBuild(backend: Backend, options: { dataDir: string; rows?: number }): Promise<IncrementalDbtBench> {
  const rows = options.rows ?? 10_000;
  const appendStarted = performance.now();
  await streamAppend(backend, rows);
  const appendSeconds = (performance.now() - appendStarted) / 1000;
  const started = performance.now();
  const result = await runDbt(backend, { command: 'build', dataDir: options.dataDir });
  const buildSeconds = (performance.now() - started) / 1000;
  const fact = result.results.find((r) => r.name === 'fct_transactions');
  return {
    appendedRows: rows,
    appendSeconds: Number(appendSeconds.toFixed(3)),
    buildSeconds: Number(buildSeconds.toFixed(3)),
    ok: result.ok,
    factRowsMerged: fact?.rowsAffected ?? null,
  };
}
