import { describe, expect, it } from 'vitest';
import { localWarehouse, creditCard } from '../support/pack.js';
import type { Backend, QueryResult } from '../../src/backends/backend.js';
import { BackendRunner, retryWhileLocked } from '../../src/scenes/runner.js';
import { runConfig } from '../../src/core/config.js';
import { deck } from './fixtures.js';

const scene = (id: string) => deck.scenes.find((s) => s.id === id)!;

/** A Snowflake-like backend whose SHOW TASKS (the trigger's first statement) waits until released. */
function stallingBackend(): { backend: Backend; release: () => void; statements: string[] } {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const statements: string[] = [];
  const empty: QueryResult = { columns: [], rows: [], elapsedMs: 0 };
  const backend: Backend = {
    kind: 'snowflake',
    pack: creditCard,
    description: 'fake snowflake',
    async query(sql) {
      statements.push(sql);
      if (/SHOW TASKS/i.test(sql)) await gate;
      return empty;
    },
    async runUserQuery() {
      throw new Error('not used by scenes');
    },
    async execute() {},
    async transaction(work) {
      return work();
    },
    async close() {},
  };
  return { backend, release, statements };
}

describe('BackendRunner', () => {
  it('on Snowflake, a reading scene does not wait behind a long action', async () => {
    const { backend, release } = stallingBackend();
    const runner = new BackendRunner({
      open: async () => backend,
      config: runConfig({ ...localWarehouse('/nowhere'), backend: 'snowflake' }),
      timeoutMs: 5_000,
    });
    await runner.getBackend();
    const trigger = runner.run(scene('trigger')).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 50));
    const read = await runner.run(scene('architecture'));
    expect(read.sceneId).toBe('architecture');
    release();
    // The trigger then fails on the empty SHOW TASKS (no root task): it was still waiting before.
    expect(String(await trigger)).toContain('no root task');
  });

  it('closing does not wait for a long action: quitting during the trigger is prompt', async () => {
    const { backend } = stallingBackend();
    const runner = new BackendRunner({
      open: async () => backend,
      config: runConfig({ ...localWarehouse('/nowhere'), backend: 'snowflake' }),
      timeoutMs: 5_000,
    });
    const trigger = runner.run(scene('trigger')).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await runner.close(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    void trigger;
  });

  it('retries while another process holds the warehouse, saying who, and gives up after its bound', async () => {
    const waits: string[] = [];
    let attempts = 0;
    const locked = () => {
      attempts += 1;
      return Promise.reject(new Error('the warehouse /x/warehouse.duckdb is in use by another process (PID 4242)'));
    };
    await expect(retryWhileLocked(locked, { boundMs: 120, everyMs: 30, onWait: (m) => waits.push(m) })).rejects.toThrow(/PID 4242.*gave up after waiting/);
    expect(attempts).toBeGreaterThan(2);
    expect(waits[0]).toContain('in use by another process (PID 4242): waiting for it');
    let n = 0;
    const opensSecondTime = () => (++n < 2 ? locked() : Promise.resolve('open'));
    await expect(retryWhileLocked(opensSecondTime, { boundMs: 1_000, everyMs: 10 })).resolves.toBe('open');
  });
});
