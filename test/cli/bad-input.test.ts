import fs from 'node:fs';
import { packDir } from '../support/pack.js';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, spawnCli, tempDir } from '../helpers/cli.js';
import { runCliInProcess } from '../support/cli.js';
import { copyBronzeWarehouse } from '../support/warehouse.js';

/** A user error is one or two lines on stderr, never a stack trace. */
function expectCleanError(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
}

async function customerCount(dataDir: string): Promise<number> {
  const result = await runCliInProcess(['sql', 'SELECT count(*) AS n FROM BRONZE.BRONZE_CUSTOMERS', '--json', '--data-dir', dataDir, '--backend', 'local']);
  expect(result.status).toBe(0);
  return (JSON.parse(result.stdout) as Array<{ n: number }>)[0]!.n;
}

describe('bad input gets a clear message and the right exit code', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = copyBronzeWarehouse();
  });

  it.each([
    [['generate', '--bogus'], /unknown option '--bogus'/],
    [['generate', '--scale', 'huge'], /argument 'huge' is invalid/],
    [['generate', '--seed', 'abc'], /--seed must be a non-negative integer/],
    [['generate', '--as-of', '2025-02-30'], /--as-of must be a date/],
    [['no-such-command'], /unknown command|too many arguments/],
  ])('%j exits 2', async (args, message) => {
    const result = await runCliInProcess(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expectCleanError(result.stderr);
  });

  it('refuses a data dir whose parent does not exist', async () => {
    const result = await runCliInProcess(['generate', '--scale', 'test', '--data-dir', '/nonexistent-c360/parent/data']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/data dir parent does not exist/);
    expectCleanError(result.stderr);
  });

  it('refuses anything but a read-only query, and answers one as JSON', async () => {
    for (const query of ['DELETE FROM BRONZE.BRONZE_CUSTOMERS', 'SELECT 1; DROP TABLE BRONZE.BRONZE_CUSTOMERS', 'CREATE TABLE x AS SELECT 1']) {
      const result = await runCliInProcess(['sql', query, '--data-dir', dataDir]);
      expect(result.status, query).toBe(2);
      expect(result.stderr).toMatch(/read-only query/);
    }
    expect(await customerCount(dataDir)).toBe(1_000);
  });

  it('says so when another process holds the warehouse, and changes nothing', async () => {
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const db = await DuckDBInstance.create(${JSON.stringify(path.join(packDir(dataDir), 'warehouse.duckdb'))});
      await db.connect(); console.log('holding'); setTimeout(() => {}, 60000);`,
        '--input-type=module',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const result = await runCliInProcess(['generate', '--scale', 'test', '--data-dir', dataDir, '--backend', 'local']);
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(/in use by another process/);
      expectCleanError(result.stderr);
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((r) => holder.once('exit', r));
    expect(await customerCount(dataDir)).toBe(1_000);
  });

  it('reports a damaged warehouse file without touching it; --fresh moves it aside', async () => {
    const broken = path.join(tempDir(), 'broken');
    fs.mkdirSync(packDir(broken), { recursive: true });
    const file = path.join(packDir(broken), 'warehouse.duckdb');
    fs.writeFileSync(file, 'this is not a database '.repeat(500));
    const before = fs.readFileSync(file);
    const result = await runCliInProcess(['validate', '--data-dir', broken, '--backend', 'local']);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/damaged or not a DuckDB database/);
    expect(result.stderr).toMatch(/--fresh/);
    expectCleanError(result.stderr);
    expect(fs.readFileSync(file).equals(before)).toBe(true);

    const fresh = await runCliInProcess(['generate', '--scale', 'test', '--fresh', '--data-dir', broken, '--backend', 'local']);
    expect(fresh.status, fresh.stderr).toBe(0);
    const aside = fs.readdirSync(packDir(broken)).filter((f) => f.endsWith('.bak'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(packDir(broken), aside[0]!)).equals(before)).toBe(true);
  });

  /** Starts a small-scale generation with the real binary and sends `signal` while the transaction statement runs. */
  async function interruptGeneration(signal: 'SIGINT' | 'SIGKILL'): Promise<{ exitCode: number | null; stderr: string }> {
    const child = spawnCli(['generate', '--scale', 'small', '--seed', '7', '--data-dir', dataDir, '--backend', 'local']);
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += String(d);
    });
    // Wait until the transaction-generating statement is running (however loaded the machine
    // is), then interrupt it.
    await new Promise<void>((resolve) => {
      const onData = () => {
        if (stderr.includes('generate transactions: started')) {
          child.stderr!.off('data', onData);
          setTimeout(resolve, 150);
        }
      };
      child.stderr!.on('data', onData);
    });
    child.kill(signal);
    const exitCode = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    return { exitCode, stderr };
  }

  async function expectPreviousWarehouseWhole(): Promise<void> {
    expect(await customerCount(dataDir)).toBe(1_000);
    const checks = await runCliInProcess(['validate', '--data-dir', dataDir, '--backend', 'local', '--json']);
    expect(checks.status, checks.stderr).toBe(0);
  }

  it('keeps the previous warehouse whole after Ctrl-C in the middle of generation, and leaves nothing half-done', async () => {
    const { exitCode, stderr } = await interruptGeneration('SIGINT');
    expect(exitCode).toBe(130);
    expect(stderr).toMatch(/interrupted|rolling back/);
    await expectPreviousWarehouseWhole();
    // What the message says is true: no staging schema and no half-recorded telemetry remain.
    const leftovers = await runCliInProcess([
      'sql',
      "SELECT (SELECT count(*) FROM information_schema.schemata WHERE schema_name = '_stage') AS stage_schemas, (SELECT count(DISTINCT run_id) FROM TELEMETRY.METRIC_SNAPSHOTS WHERE run_id NOT IN (SELECT run_id FROM TELEMETRY.GENERATION_TELEMETRY)) AS orphan_snapshots",
      '--json',
      '--data-dir',
      dataDir,
      '--backend',
      'local',
    ]);
    expect(leftovers.status, leftovers.stderr).toBe(0);
    expect(JSON.parse(leftovers.stdout)).toEqual([{ stage_schemas: 0, orphan_snapshots: 0 }]);
  });

  it('keeps the previous warehouse whole after SIGKILL in the middle of generation', async () => {
    const { exitCode, stderr } = await interruptGeneration('SIGKILL');
    expect(exitCode).toBeNull();
    // The process had no chance to say anything.
    expect(stderr).not.toMatch(/interrupted|rolling back/);
    await expectPreviousWarehouseWhole();
  });
});
