import fs from 'node:fs';
import { localWarehouse } from '../support/pack.js';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { localTaskHandlers, startLoopbackServer, type LoopbackServer } from '../support/snowflake/loopback-server.js';
import { copyGoldWarehouse } from '../support/warehouse.js';
import { runConfig } from '../../src/core/config.js';
import { FIXTURE_SCENES } from '../tui/fixtures.js';
import { KEY, personEnv, Screen } from '../support/screen.js';

/**
 * The safety net with the real binary and the real Snowflake driver: a loopback "Snowflake" behind
 * a proxy this test controls (pass, drop every connection, or hold answers back), and a local
 * warehouse for `l` / `L`.
 */
const PASSWORD = 'loopback-pw';
let localDir: string;
let remoteDir: string;
let home: string;
let remote: LocalDuckDbBackend;
let server: LoopbackServer;
let proxy: Proxy;

interface Proxy {
  port: number;
  mode: 'pass' | 'drop' | 'slow';
  close(): Promise<void>;
}

/** A TCP proxy in front of the loopback server: `drop` cuts every connection, `slow` holds answers back 6 s. */
async function startProxy(upstreamPort: number): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const state: Proxy = { port: 0, mode: 'pass', close: async () => undefined };
  const server = net.createServer((client) => {
    if (state.mode === 'drop') return client.destroy();
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (d) => (state.mode === 'drop' ? client.destroy() : upstream.write(d)));
    upstream.on('data', (d) => {
      if (state.mode === 'slow') setTimeout(() => client.writable && client.write(d), 6_000);
      else if (state.mode === 'drop') client.destroy();
      else client.write(d);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as net.AddressInfo).port;
  state.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

const closedPort = async () => {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
};

const snowflakeEnv = (port: number, loginTimeoutSeconds = 5) =>
  personEnv({
    SNOWFLAKE_HOME: home,
    SNOWFLAKE_ACCOUNT: 'loopback',
    SNOWFLAKE_USER: 'C360_TEST',
    SNOWFLAKE_PASSWORD: PASSWORD,
    SNOWFLAKE_HOST: '127.0.0.1',
    SNOWFLAKE_PORT: String(port),
    SNOWFLAKE_PROTOCOL: 'http',
    SNOWFLAKE_WAREHOUSE: 'C360_WH',
    SNOWFLAKE_DATABASE: 'CUSTOMER_ANALYTICS',
    SNOWFLAKE_LOGIN_TIMEOUT: String(loginTimeoutSeconds),
  });

beforeAll(async () => {
  // Two copies of the suite's test-scale warehouse: the local one, and the "Snowflake" side's.
  localDir = copyGoldWarehouse('c360-net-local-');
  remoteDir = copyGoldWarehouse('c360-net-remote-');
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-net-home-'));
  remote = await LocalDuckDbBackend.open({ ...localWarehouse(remoteDir) });
  server = await startLoopbackServer({
    backend: remote,
    users: { C360_TEST: PASSWORD },
    handlers: localTaskHandlers(remote, { config: runConfig({ ...localWarehouse(remoteDir), scale: 'test', backend: 'local' }) }),
  });
  proxy = await startProxy(server.port);
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  await server?.close();
  await remote?.close();
  for (const d of [localDir, remoteDir, home]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe('the safety net against a real Snowflake driver', () => {
  it('unreachable at connect: the default backend says why it uses the local warehouse, for the whole session', async () => {
    const screen = new Screen(['--data-dir', localDir, '--scenes', FIXTURE_SCENES], { env: snowflakeEnv(await closedPort(), 1) });
    try {
      await screen.waitFor(/Snowflake is not reachable .*using the local/);
      await screen.waitFor('Data flow');
      const mark = screen.press(KEY.right);
      await screen.waitFor('Task graph', mark);
      expect(screen.text(mark)).toMatch(/Snowflake is not reachable/);
      expect(screen.text(mark)).toContain('[local]');
      screen.press('q');
      expect(await screen.exit()).toBe(0);
    } finally {
      screen.kill();
    }
  }, 60_000);

  it('--backend snowflake, unreachable: l shows the scene from the local warehouse, L switches the rest', async () => {
    const screen = new Screen(['--backend', 'snowflake', '--data-dir', localDir, '--scenes', FIXTURE_SCENES], { env: snowflakeEnv(await closedPort(), 1) });
    try {
      await screen.waitFor('l: show this scene from the local warehouse', 0, 30_000);
      let mark = screen.press('l');
      await screen.waitFor('Data flow', mark);
      expect(screen.text(mark)).toMatch(/1\/10 Architecture.*\[local\]/);
      mark = screen.press('L');
      await screen.waitFor('switched to the local warehouse', mark);
      mark = screen.press(KEY.right);
      await screen.waitFor(/Task graph/, mark);
      expect(screen.text(mark)).toContain('[local]');
      screen.press('q');
      expect(await screen.exit()).toBe(0);
    } finally {
      screen.kill();
    }
  }, 60_000);

  // One session for both: each costs a launch and a Snowflake login, which is most of its CPU.
  it('mid-demo: Snowflake answers the first scenes; a statement slower than --timeout stops, says so, and l shows the scene from the local warehouse; then Snowflake drops and l still shows the next scene, tagged local', async () => {
    proxy.mode = 'pass';
    const screen = new Screen(['--backend', 'snowflake', '--data-dir', localDir, '--scenes', FIXTURE_SCENES, '--timeout', '3'], {
      env: snowflakeEnv(proxy.port),
    });
    try {
      await screen.waitFor(/Data flow[\s\S]*\[snowflake\]/, 0, 30_000);
      let mark = screen.press(KEY.right);
      await screen.waitFor(/Task graph[\s\S]*\[snowflake\]|\[snowflake\][\s\S]*Task graph/, mark);
      // The task DAG has two steps; the second key moves on to scene 3 (which waits for r: no query).
      mark = screen.press(KEY.right);
      await screen.waitFor('2/10 · 2/2', mark);
      mark = screen.press(KEY.right);
      await screen.waitFor('3/10', mark);

      // Answers held back longer than --timeout: the statement is stopped.
      proxy.mode = 'slow';
      mark = screen.press(KEY.right);
      await screen.waitFor('took longer than 3 s and was stopped', mark, 20_000);
      await screen.waitFor('l: show this scene from the local warehouse', mark);
      proxy.mode = 'pass';
      mark = screen.press('l');
      await screen.waitFor(/4\/10 · 1\/2 Monitor.*\[local\]/, mark, 15_000);
      expect(screen.text(mark)).toMatch(/TASK_HISTORY (has no run yet|\n)/);

      // Every connection to Snowflake dropped: the next scene is unavailable, and l shows it locally.
      proxy.mode = 'drop';
      mark = screen.press(KEY.right);
      await screen.waitFor('2/2', mark);
      mark = screen.press(KEY.right);
      await screen.waitFor('live result is unavailable', mark, 30_000);
      await screen.waitFor('l: show this scene from the local warehouse', mark);
      expect(screen.text(mark)).toContain('5/10');
      mark = screen.press('l');
      await screen.waitFor(/5\/10.*dbt.*\[local\]/, mark, 15_000);
      screen.press('q');
      expect(await screen.exit()).toBe(0);
    } finally {
      proxy.mode = 'pass';
      screen.kill();
    }
  }, 120_000);
});
