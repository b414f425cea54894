import { execFile, spawn } from 'node:child_process';
import { localWarehouse, packDir } from '../support/pack.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendSession } from '../../src/scenes/session.js';
import { runConfig } from '../../src/core/config.js';
import { packageRoot } from '../../src/util/paths.js';
import { copyGoldWarehouse } from '../support/warehouse.js';
import { deck } from './fixtures.js';

/**
 * The presenter shares its warehouse: it reads through a read-only connection, so another
 * process can query meanwhile, and takes the write lock only while an action writes, waiting
 * (and saying for whom) when another process holds the file.
 */
const bin = path.join(packageRoot(), 'bin', 'c360-demo.js');
let dataDir: string;
let session: BackendSession;

function sql(query: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'sql', '--data-dir', dataDir, query], { env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dataDir = copyGoldWarehouse('c360-share-');
  session = new BackendSession({ config: runConfig({ ...localWarehouse(dataDir), scale: 'test', backend: 'local' }), timeoutMs: 30_000 });
  const info = await session.open();
  if (info.data.status !== 'ready') throw new Error(`the shared warehouse did not open: ${JSON.stringify(info.data)}`);
});

afterAll(async () => {
  await session?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the presenter shares its warehouse', () => {
  it('`c360-demo sql` in another process works while the presenter shows scenes', async () => {
    const shown = await session.run(
      deck.scenes.find((s) => s.id === 'customer-360')!,
      {},
      'primary',
    );
    expect(shown.tag).toBe('local');
    const r = await sql('SELECT COUNT(*) AS n FROM GOLD.CUSTOMER_360_PROFILE');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1000/);
  });

  it('a writing action waits for another process that holds the file, says which, then runs', async () => {
    // Another process holds the warehouse open (read-only) for a moment, as a long `sql` would.
    const script = `const { DuckDBInstance } = await import('@duckdb/node-api');
const i = await DuckDBInstance.create(':memory:'); const c = await i.connect();
await c.run(${JSON.stringify(`ATTACH '${path.join(packDir(dataDir), 'warehouse.duckdb')}' AS w (READ_ONLY)`)});
process.stdout.write('open\\n'); await new Promise((r) => setTimeout(r, 1500)); c.closeSync(); i.closeSync();`;
    const holder = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: packageRoot(), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const waits: string[] = [];
    const started = Date.now();
    const result = await session.run(
      deck.scenes.find((s) => s.id === 'stream')!,
      { onProgress: (p) => p.stage === 'waiting for the warehouse' && waits.push(p.message ?? '') },
      'primary',
    );
    expect(Date.now() - started).toBeGreaterThan(500);
    expect(waits[0]).toMatch(new RegExp(`in use by another process \\(PID ${holder.pid}\\)`));
    expect(result.result.blocks[0]!.title).toBe('Change data capture');
    // And the lock is let go again: another process reads right after.
    expect((await sql('SELECT 1 AS one')).code).toBe(0);
  });
});
