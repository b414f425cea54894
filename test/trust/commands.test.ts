import crypto from 'node:crypto';
import { localWarehouse, packDir } from '../support/pack.js';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend, storageProblem } from '../../src/backends/local/duckdb-backend.js';
import { reportError } from '../../src/cli/run-action.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { runCliInProcess as runCli } from '../support/cli.js';
import { copyBronzeWarehouse } from '../support/warehouse.js';

/** A user error is at most a message and a hint on stderr, never a stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
}

function checksum(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

let root: string;
let dataDir: string;
let warehouse: string;

beforeAll(() => {
  root = tempDir('c360-trust-');
  dataDir = copyBronzeWarehouse('c360-trust-data-');
  warehouse = path.join(packDir(dataDir), 'warehouse.duckdb');
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Holds DuckDB's lock on the warehouse from another process, as a running presenter does. */
async function withHolder<T>(file: string, work: () => T | Promise<T>): Promise<T> {
  const holder = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { DuckDBInstance } = await import('@duckdb/node-api'); const db = await DuckDBInstance.create(${JSON.stringify(file)}); await db.connect(); console.log('holding'); setTimeout(() => {}, 60000);`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    return await work();
  } finally {
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
  }
}

describe('no command moves, replaces or half-writes a warehouse that is in use', () => {
  it('--fresh while another process holds the warehouse: exit 3, nothing moved', async () => {
    const before = checksum(warehouse);
    const result = await withHolder(warehouse, () => runCli(['generate', '--scale', 'test', '--fresh', '--data-dir', dataDir, '--backend', 'local']));
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^c360-demo: the warehouse .* is in use by another process \(PID \d+\)/);
    expectOneLine(result.stderr);
    expect(checksum(warehouse)).toBe(before);
    expect(fs.readdirSync(packDir(dataDir)).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });

  it('sql waits while another process writes the warehouse, says who, then answers', async () => {
    // The command's modules are loaded before the writer starts, so that on a loaded machine the
    // command still reaches the warehouse while the writer holds it.
    const warm = await runCli(['sql', 'SELECT 1 AS n', '--json', '--data-dir', dataDir, '--backend', 'local']);
    expect(warm.status, warm.stderr).toBe(0);
    const script = `const { DuckDBInstance } = await import('@duckdb/node-api');
const db = await DuckDBInstance.create(${JSON.stringify(warehouse)}); const c = await db.connect();
process.stdout.write('writing\\n'); await new Promise((r) => setTimeout(r, 2000)); c.closeSync(); db.closeSync();`;
    const writer = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((r) => writer.once('exit', r));
    await new Promise<void>((resolve) => writer.stdout.once('data', () => resolve()));
    const result = await runCli(['sql', 'SELECT count(*) AS n FROM BRONZE.BRONZE_CUSTOMERS', '--json', '--data-dir', dataDir, '--backend', 'local']);
    await exited;
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^notice: the warehouse .* is in use by another process \\(PID ${String(writer.pid)}\\): waiting for it`));
    expect(JSON.parse(result.stdout)).toEqual([{ n: 1_000 }]);
  });

  it('--fresh while another rebuild holds the rebuild lock: exit 3, nothing moved', async () => {
    const lock = path.join(packDir(dataDir), 'rebuild.lock');
    fs.writeFileSync(lock, `${process.pid}\n`);
    try {
      const result = await runCli(['generate', '--scale', 'test', '--fresh', '--data-dir', dataDir, '--backend', 'local']);
      expect(result.status).toBe(3);
      expect(result.stderr).toContain(`is being rebuilt by another c360-demo (PID ${process.pid})`);
      expect(fs.readdirSync(packDir(dataDir)).filter((f) => f.endsWith('.bak'))).toEqual([]);
    } finally {
      fs.rmSync(lock, { force: true });
    }
  });

  it('--fresh is refused where it would only move the warehouse away', async () => {
    const before = checksum(warehouse);
    for (const command of [['validate'], ['dbt', 'build'], ['churn', 'train']]) {
      const result = await runCli([...command, '--fresh', '--data-dir', dataDir, '--backend', 'local']);
      expect(result.status, command.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/unknown option '--fresh'/);
    }
    expect(checksum(warehouse)).toBe(before);
  });

  it('damage found after opening is exit 3 with the damaged-file message, and the hint works', async () => {
    const broken = path.join(root, 'broken');
    fs.cpSync(dataDir, broken, { recursive: true });
    const file = path.join(packDir(broken), 'warehouse.duckdb');
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, crypto.randomBytes(Math.floor(size / 3)), 0, Math.floor(size / 3), Math.floor(size / 3));
    fs.closeSync(fd);
    const result = await runCli([
      'sql',
      'SELECT sum(transaction_amount) AS s, count(DISTINCT customer_id) AS c FROM BRONZE.BRONZE_TRANSACTIONS',
      '--data-dir',
      broken,
      '--backend',
      'local',
    ]);
    expect(result.status, result.stdout).toBe(3);
    expect(result.stderr).toMatch(/^c360-demo: the warehouse .* is damaged or not a DuckDB database/);
    const hint = /hint: .*?: (c360-demo pipeline --fresh)/.exec(result.stderr)?.[1];
    expect(hint).toBeDefined();
    const rebuilt = await runCli([...hint!.split(' ').slice(1), '--scale', 'test', '--data-dir', broken, '--backend', 'local']);
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
    expect(fs.readdirSync(packDir(broken)).filter((f) => f.endsWith('.bak'))).toHaveLength(1);
  }, 120_000);

  it('disk full, read-only and permission failures are one line, exit 3', () => {
    const file = '/data/warehouse.duckdb';
    for (const [message, expected] of [
      ['IO Error: Could not write file "/data/warehouse.duckdb.wal": No space left on device', /disk holding \/data is full; nothing was committed/],
      ['IO Error: Cannot open file "/data/warehouse.duckdb": Read-only file system', /is on a read-only file system/],
      ['IO Error: Cannot open file "/data/warehouse.duckdb": Permission denied', /no permission to use the warehouse/],
      ['TransactionContext Error: Failed to commit: could not write', /could not commit; nothing of this change was kept/],
      ['FATAL Error: Failed: database has been invalidated because of a previous fatal error', /is damaged/],
    ] as const) {
      const problem = storageProblem(file, new Error(message));
      expect(problem?.exitCode, message).toBe(3);
      expect(problem?.message).toMatch(expected);
    }
    expect(storageProblem(file, new Error('Catalog Error: Table with name X does not exist!'))).toBeUndefined();
    expect(
      storageProblem(file, new Error('Permission Error: Cannot access file "/etc/passwd" - file system operations are disabled by configuration')),
    ).toBeUndefined();

    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string) => written.push(chunk) > 0;
    try {
      for (const code of ['ENOSPC', 'EROFS', 'EPERM', 'EACCES']) {
        const err = Object.assign(new Error(`${code}: failed`), { code, syscall: 'write', path: '/data/dbt-target/run_results.json' });
        expect(reportError(err), code).toBe(3);
      }
    } finally {
      process.stderr.write = write;
    }
    expect(written.join('')).not.toMatch(/unexpected error/);
    expect(written.join('')).toMatch(/cannot write \/data\/dbt-target\/run_results.json: the disk is full/);
  });

  it('stream process interrupted leaves no EXECUTING history row and says what happened', async () => {
    const { streamProcessLocal } = await import('../../src/orchestration/local/process.js');
    const { InterruptedError } = await import('../../src/core/errors.js');
    const { EMULATION_SCHEMA } = await import('../../src/orchestration/local/store.js');
    const copy = path.join(root, 'stream');
    fs.cpSync(dataDir, copy, { recursive: true });
    const backend = await LocalDuckDbBackend.open({ ...localWarehouse(copy) });
    try {
      const controller = new AbortController();
      controller.abort();
      await expect(streamProcessLocal(backend, { signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
      const states = await backend.query(`SELECT state, count(*) AS n FROM ${EMULATION_SCHEMA}.task_history GROUP BY state ORDER BY state`);
      expect(states.rows.map((r) => r.state)).not.toContain('EXECUTING');
      expect(states.rows.map((r) => r.state)).toContain('CANCELLED');
    } finally {
      await backend.close();
    }
  });
});

describe('inputs that would produce wrong data or raw errors', () => {
  it.each([
    [['generate', '--as-of', '0001-01-01'], /--as-of must lie between 1990-01-01 and 2100-12-31/],
    [['generate', '--as-of', '1989-12-31'], /--as-of must lie between 1990-01-01 and 2100-12-31/],
    [['generate', '--as-of', '2101-01-01'], /--as-of must lie between 1990-01-01 and 2100-12-31/],
    [['pipline'], /^c360-demo: unknown command 'pipline'\n {2}hint: did you mean `c360-demo pipeline`\?/],
    [['frobnicate'], /^c360-demo: unknown command 'frobnicate'/],
    [
      ['export', '--out', '/nonexistent-c360/dir/runbook.md'],
      /^c360-demo: --out \/nonexistent-c360\/dir\/runbook.md: the folder \/nonexistent-c360\/dir does not exist/,
    ],
    [
      ['present', '--plain', '--record', '/nonexistent-c360/dir/talk.json'],
      /^c360-demo: --record \/nonexistent-c360\/dir\/talk.json: the folder \/nonexistent-c360\/dir does not exist/,
    ],
  ])('%j exits 2 with one clear line', async (args, message) => {
    const result = await runCli(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('--data-dir that is a file is bad input, exit 2', async () => {
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'x');
    for (const command of [
      ['sql', 'SELECT 1'],
      ['generate', '--scale', 'test'],
    ]) {
      const result = await runCli([...command, '--data-dir', file, '--backend', 'local']);
      expect(result.status, command[0]).toBe(2);
      expect(result.stderr).toMatch(/--data-dir .* is a file, not a folder/);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  it('--replay of anything but a recording says which file and what is wrong, exit 2', async () => {
    const dir = path.join(root, 'recordings');
    fs.mkdirSync(dir);
    const good = { version: 1, recordedAt: '2025-06-30T10:00:00.000Z', backend: 'local DuckDB x', results: {} };
    const cases: [string, string | null, RegExp][] = [
      ['no-recorded-at.json', JSON.stringify({ ...good, recordedAt: undefined }), /recordedAt: Invalid input/],
      [
        'wrong-shape.json',
        JSON.stringify({
          ...good,
          results: { a: { sceneId: 'a', backend: 'x', blocks: [{ kind: 'bars', items: 'many' }], sql: [], elapsedMs: 1, finishedAt: 'x' } },
        }),
        /results\.a\.blocks\.0\.items/,
      ],
      ['truncated.json', JSON.stringify(good).slice(0, 30), /not valid JSON, perhaps truncated/],
      ['null.json', 'null', /the top level: Invalid input: expected object, received null/],
      ['a-directory', null, /it is a directory, not a file/],
      ['huge.json', '', /far larger than any recording/],
    ];
    for (const [name, content, message] of cases) {
      const file = path.join(dir, name);
      if (content === null) fs.mkdirSync(file);
      else if (name === 'huge.json') {
        fs.writeFileSync(file, '');
        fs.truncateSync(file, 80 * 1024 * 1024);
      } else fs.writeFileSync(file, content);
      const result = await runCli(['present', '--plain', '--replay', file]);
      expect(result.status, name).toBe(2);
      expect(result.stderr, name).toContain(`c360-demo: ${file} is not a usable c360-demo recording: `);
      expect(result.stderr, name).toMatch(message);
      expectOneLine(result.stderr);
    }
  });
});

describe('a warehouse remembers the scale, seed and as-of it was generated with', () => {
  it('regenerating without --scale keeps the test scale and says so; --scale changes it', async () => {
    const copy = copyBronzeWarehouse('c360-remember-');
    try {
      const again = await runCli(['generate', '--data-dir', copy, '--backend', 'local', '--json']);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stderr).toContain("using the warehouse's generation settings: scale test, seed 42, as-of 2025-06-30");
      expect(JSON.parse(again.stdout)).toMatchObject({ scale: 'test', seed: 42, asOf: '2025-06-30' });

      const explicit = await runCli(['generate', '--seed', '7', '--data-dir', copy, '--backend', 'local', '--json']);
      expect(explicit.status, explicit.stderr).toBe(0);
      expect(JSON.parse(explicit.stdout)).toMatchObject({ scale: 'test', seed: 7 });
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('secrets never reach the output, even when a result or an error contains one', () => {
  it('masks a configured password that appears in query results and in error messages', async () => {
    const secret = 'c360-Secret-Passw0rd';
    const env = { SNOWFLAKE_PASSWORD: secret };
    const rows = await runCli(['sql', `SELECT '${secret}' AS s`, '--json', '--data-dir', dataDir, '--backend', 'local'], { env });
    expect(rows.status, rows.stderr).toBe(0);
    expect(rows.stdout).not.toContain(secret);
    expect(JSON.parse(rows.stdout)).toEqual([{ s: '****' }]);
    const table = await runCli(['sql', `SELECT '${secret}' AS s`, '--data-dir', dataDir, '--backend', 'local'], { env });
    expect(table.stdout).not.toContain(secret);
    const failed = await runCli(['sql', `SELECT * FROM "${secret}"`, '--data-dir', dataDir, '--backend', 'local', '--debug'], { env });
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/does not exist/);
    expect(failed.stderr).not.toContain(secret);
  });
});
