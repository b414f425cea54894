/**
 * The Snowflake backend through the real snowflake-sdk 3.3, against the loopback server
 * (src/backends/snowflake/testing/loopback-server.ts) answering from a local test-scale warehouse.
 */
import crypto from 'node:crypto';
import { localWarehouse, creditCard } from '../support/pack.js';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { SnowflakeBackend, SnowflakeQueryError } from '../../src/backends/snowflake/backend.js';
import type { SnowflakeConnectionConfig } from '../../src/backends/snowflake/config.js';
import { openBackend } from '../../src/backends/open.js';
import { driverLogLines, loadSdk } from '../../src/backends/snowflake/driver.js';
import { BackendUnavailableError, InterruptedError } from '../../src/core/errors.js';
import { copyBronzeWarehouse } from '../support/warehouse.js';
import * as orchestration from '../../src/orchestration/index.js';
import { runConfig } from '../../src/core/config.js';

/** Tasks on Snowflake carry their own configuration; the run's data dir is not used. */
const SNOWFLAKE_CONFIG = runConfig({ ...localWarehouse(os.tmpdir()), backend: 'snowflake' });
import { localTaskHandlers, startLoopbackServer, startSilentServer, type LoopbackServer } from '../support/snowflake/loopback-server.js';

let dir: string;
let local: LocalDuckDbBackend;
let server: LoopbackServer;
let sf: SnowflakeBackend;
const runs: Promise<unknown>[] = [];
const stagesRun: string[] = [];

function config(overrides: Partial<SnowflakeConnectionConfig> = {}): SnowflakeConnectionConfig {
  return {
    source: 'test',
    account: 'loopback',
    user: 'C360_TEST',
    password: 'test-password',
    authenticator: 'SNOWFLAKE',
    role: 'C360_ROLE',
    warehouse: 'C360_WH',
    database: 'CUSTOMER_ANALYTICS',
    accessUrl: server.url,
    connectTimeoutMs: 5_000,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  dir = copyBronzeWarehouse('c360-sf-');
  local = await LocalDuckDbBackend.open({ ...localWarehouse(dir) });
  // A gold-layer object to query by its three-part name, as the scenes do.
  await local.execute(`CREATE SCHEMA IF NOT EXISTS GOLD;
    CREATE OR REPLACE VIEW GOLD.SF_TEST_SEGMENT_SUMMARY AS
      SELECT c.customer_segment, count(DISTINCT c.customer_id) AS customers, round(sum(t.transaction_amount), 2) AS total_spend,
             max(t.transaction_date) AS last_transaction, min(c.account_open_date) AS first_open
      FROM BRONZE.BRONZE_CUSTOMERS c JOIN BRONZE.BRONZE_TRANSACTIONS t USING (customer_id)
      WHERE t.status = 'approved' GROUP BY 1`);
  server = await startLoopbackServer({
    backend: local,
    handlers: localTaskHandlers(local, {
      runs,
      // The graph's tasks run a quick stand-in stage here: this file tests the protocol, not the pipeline.
      runner: {
        async runStage(task, stage) {
          stagesRun.push(task.name);
          return { detail: `stand-in for ${stage}` };
        },
      },
    }),
  });
  sf = await SnowflakeBackend.connect(config(), creditCard);
});

afterAll(async () => {
  await Promise.all(runs);
  await sf?.close();
  await server?.close();
  await local?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('snowflake-sdk against the loopback server', () => {
  it('connects and reports the session role, warehouse and database', async () => {
    expect(sf.kind).toBe('snowflake');
    expect(sf.description).toContain('loopback');
    const r = await sf.query('SELECT CURRENT_ROLE(), CURRENT_WAREHOUSE(), CURRENT_DATABASE()');
    expect(r.columns).toEqual(['CURRENT_ROLE()', 'CURRENT_WAREHOUSE()', 'CURRENT_DATABASE()']);
    expect(r.rows).toEqual([{ 'CURRENT_ROLE()': 'C360_ROLE', 'CURRENT_WAREHOUSE()': 'C360_WH', 'CURRENT_DATABASE()': 'CUSTOMER_ANALYTICS' }]);
    const paths = server.requests.map((q) => `${q.method} ${q.path}`);
    expect(paths).toContain('POST /session/v1/login-request');
    expect(paths).toContain('POST /queries/v1/query-request');
    expect(paths.some((p) => p.startsWith('GET /queries/') && p.endsWith('/result'))).toBe(true);
  });

  it('answers a gold query with the same columns and JSON-safe rows as the local warehouse', async () => {
    const sql = 'SELECT * FROM CUSTOMER_ANALYTICS.GOLD.SF_TEST_SEGMENT_SUMMARY ORDER BY customer_segment';
    const viaDriver = await sf.query(sql);
    const direct = await local.query(sql);
    expect(viaDriver.columns).toEqual(direct.columns);
    expect(viaDriver.rows).toEqual(direct.rows);
    expect(viaDriver.rows).toHaveLength(5);
    const first = viaDriver.rows[0]!;
    expect(typeof first.customers).toBe('number');
    expect(typeof first.total_spend).toBe('number');
    expect(JSON.parse(JSON.stringify(viaDriver.rows))).toEqual(viaDriver.rows);
  });

  it('streams a typed query through the driver, and refuses writes and state-changing SYSTEM$ calls before sending them', async () => {
    const sentBefore = server.requests.length;
    for (const sql of [
      'DELETE FROM BRONZE.BRONZE_CUSTOMERS',
      "SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('BRONZE.GENERATE_CUSTOMER_DATA')",
      "SELECT '/*'; DROP TABLE X; SELECT '*/'",
    ]) {
      await expect(sf.runUserQuery(sql)).rejects.toThrow(/only one read-only query is allowed/);
    }
    const sentTexts = server.requests.slice(sentBefore).map((r) => JSON.stringify(r.body));
    expect(sentTexts.filter((text) => /DELETE|SYSTEM\$TASK_DEPENDENTS_ENABLE|DROP TABLE/.test(text))).toEqual([]);
    const stream = await sf.runUserQuery('SELECT customer_id, transaction_amount FROM BRONZE.BRONZE_TRANSACTIONS');
    expect(stream.columns).toEqual(['customer_id', 'transaction_amount']);
    let rows = 0;
    for await (const batch of stream.batches) {
      expect(batch.length).toBeLessThanOrEqual(2048);
      rows += batch.length;
    }
    const total = await local.query('SELECT count(*) AS n FROM BRONZE.BRONZE_TRANSACTIONS');
    expect(rows).toBe(total.rows[0]!.n);
  });

  it('runs SHOW TASKS through the orchestration emulation', async () => {
    const r = await sf.query('SHOW TASKS IN SCHEMA CUSTOMER_ANALYTICS.BRONZE');
    const names = r.rows.map((row) => row.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'GENERATE_CUSTOMER_DATA',
        'GENERATE_TRANSACTION_DATA',
        'RUN_DBT_TRANSFORMATIONS',
        'TRAIN_CHURN_MODEL',
        'REFRESH_ANALYTICS_VIEWS',
      ]),
    );
    const child = r.rows.find((row) => row.name === 'GENERATE_TRANSACTION_DATA')!;
    expect(child.predecessors).toEqual(['GENERATE_CUSTOMER_DATA']);
    const root = r.rows.find((row) => row.name === 'GENERATE_CUSTOMER_DATA')!;
    expect(String(root.schedule)).toMatch(/CRON 0 2 \* \* SUN/);
  });

  it('the orchestration API (src/orchestration) runs unchanged on this backend: showTasks, executeTask, taskHistory', async () => {
    const tasks = await orchestration.showTasks(sf);
    expect(tasks.find((t) => t.name === 'TRAIN_CHURN_MODEL')?.predecessors).toEqual(['RUN_DBT_TRANSFORMATIONS']);
    const progress: string[] = [];
    const result = await orchestration.executeTask(sf, 'generate_customer_data', {
      config: SNOWFLAKE_CONFIG,
      pollMs: 50,
      onProgress: (row) => progress.push(`${row.name}:${row.state}`),
    });
    expect(result.state).toBe('SUCCEEDED');
    expect(result.tasks.map((t) => t.name)).toEqual([
      'GENERATE_CUSTOMER_DATA',
      'GENERATE_TRANSACTION_DATA',
      'RUN_DBT_TRANSFORMATIONS',
      'TRAIN_CHURN_MODEL',
      'REFRESH_ANALYTICS_VIEWS',
    ]);
    expect(progress).toContain('REFRESH_ANALYTICS_VIEWS:SUCCEEDED');
    expect(stagesRun).toEqual(result.tasks.map((t) => t.name));
    const history = await orchestration.taskHistory(sf, { limit: 20 });
    expect(history.filter((r) => r.run_id === result.run_id).map((r) => r.state)).toEqual(Array(5).fill('SUCCEEDED'));
    await expect(orchestration.executeTask(sf, 'train_churn_model', { config: SNOWFLAKE_CONFIG })).rejects.toThrow(/Cannot execute task 'TRAIN_CHURN_MODEL'/);
  });

  it('EXECUTE TASK starts the graph from the root and TASK_HISTORY shows every task of the run', async () => {
    const before = stagesRun.length;
    const r = await sf.query('EXECUTE TASK generate_customer_data');
    expect(r.rows[0]!.status).toMatch(/GENERATE_CUSTOMER_DATA is scheduled to run/);
    await Promise.all(runs);
    const h = await sf.query(
      "SELECT * FROM TABLE(CUSTOMER_ANALYTICS.INFORMATION_SCHEMA.TASK_HISTORY(RESULT_LIMIT => 50)) WHERE scheduled_from = 'EXECUTE TASK' ORDER BY run_id DESC, scheduled_time",
    );
    expect(h.columns).toEqual(expect.arrayContaining(['NAME', 'STATE', 'RUN_ID', 'ROOT_TASK_ID', 'SCHEDULED_TIME']));
    const latest = h.rows[0]!.RUN_ID;
    const run = h.rows.filter((row) => row.RUN_ID === latest);
    expect(run.map((row) => row.STATE)).toEqual(Array(5).fill('SUCCEEDED'));
    expect(run[0]!.NAME).toBe('GENERATE_CUSTOMER_DATA');
    expect(new Set(h.rows.map((row) => row.RUN_ID)).size).toBe(2);
    expect(stagesRun.slice(before)).toHaveLength(5);
  });

  it('refuses EXECUTE TASK on a child task and on an unknown task with Snowflake-style errors', async () => {
    const child = await rejection(sf.query('EXECUTE TASK generate_transaction_data'));
    expect(child).toBeInstanceOf(SnowflakeQueryError);
    expect(child.message).toMatch(/Cannot execute task 'GENERATE_TRANSACTION_DATA'/);
    const unknown = await rejection(sf.query('EXECUTE TASK no_such_task'));
    expect(unknown.message).toMatch(/002003.*Task 'NO_SUCH_TASK' does not exist or not authorized/);
  });

  it('reports SQL errors with Snowflake code, SQL state and wording', async () => {
    const err = await rejection(sf.query('SELECT * FROM GOLD.NO_SUCH_TABLE'));
    expect(err).toBeInstanceOf(SnowflakeQueryError);
    expect(err.message).toMatch(/^002003 \(42S02\): SQL compilation error: Object '(?:[\w.]+\.)?NO_SUCH_TABLE' does not exist or not authorized\./);
  });

  it('runs scripts statement by statement and transactions commit or roll back', async () => {
    await sf.execute("CREATE OR REPLACE TABLE GOLD.SF_TEST_T (id INTEGER, note VARCHAR); INSERT INTO GOLD.SF_TEST_T VALUES (1, 'a;b');");
    await expect(
      sf.transaction(async () => {
        await sf.query("INSERT INTO GOLD.SF_TEST_T VALUES (2, 'rolled back')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await sf.transaction(() => sf.query("INSERT INTO GOLD.SF_TEST_T VALUES (3, 'kept')"));
    const r = await sf.query('SELECT id, note FROM GOLD.SF_TEST_T ORDER BY id');
    expect(r.rows).toEqual([
      { id: 1, note: 'a;b' },
      { id: 3, note: 'kept' },
    ]);
  });

  it('reports progress on a long statement and cancels it on the server when the signal aborts', async () => {
    const controller = new AbortController();
    const progress: string[] = [];
    const err = await rejection(
      sf.query('SELECT SYSTEM$WAIT(60)', {
        signal: controller.signal,
        onProgress: (event) => {
          progress.push(event.message ?? '');
          if (progress.length === 3) controller.abort();
        },
      }),
    );
    expect(err).toBeInstanceOf(InterruptedError);
    expect(err.message).toMatch(/cancelled on Snowflake/);
    expect(progress[0]).toMatch(/^query [0-9a-f-]{36} running/);
    expect(server.aborts).toHaveLength(1);
    expect(server.cancelled).toEqual(['SELECT SYSTEM$WAIT(60)']);
    expect(server.requests.some((r) => /\/abort-request$/.test(r.path))).toBe(true);
    // The session is still usable afterwards.
    expect((await sf.query('SELECT CURRENT_USER()')).rows).toEqual([{ 'CURRENT_USER()': 'C360_TEST' }]);
  });
});

describe('the driver stays quiet', () => {
  it('the AWS SDK Node-version warning is switched off once snowflake-sdk is loaded', async () => {
    await loadSdk();
    const warnings: unknown[] = [];
    const original = process.emitWarning.bind(process);
    process.emitWarning = (w: unknown) => void warnings.push(w);
    try {
      const aws = (await import('@aws-sdk/core')) as unknown as { emitWarningIfUnsupportedVersion(v: string): void };
      aws.emitWarningIfUnsupportedVersion('v20.0.0');
    } finally {
      process.emitWarning = original;
    }
    expect(warnings).toEqual([]);
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
  });

  it("the driver's own log goes to the in-memory sink, masked", async () => {
    await rejection(SnowflakeBackend.connect(config({ password: 'sink-secret-password-1' }), creditCard));
    const lines = driverLogLines();
    expect(lines.some((l) => /Incorrect username or password/.test(l))).toBe(true);
    expect(lines.join('\n')).not.toContain('sink-secret-password-1');
  });
});

describe('connection failures say what is wrong', () => {
  it('wrong password: a clear credentials message, exit code 3, and no password in it', async () => {
    const err = await rejection(SnowflakeBackend.connect(config({ password: 'wrong-password-123' }), creditCard));
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect(err.message).toMatch(
      /^wrong credentials for user C360_TEST on account loopback: Snowflake says "Incorrect username or password was specified\." \(390100\)$/,
    );
    expect((err as { exitCode?: number }).exitCode).toBe(3);
    expect(err.message).not.toContain('wrong-password-123');
  });

  it('key-pair (SNOWFLAKE_JWT) logs in with an encrypted PKCS#8 key; a wrong or missing passphrase is a config error', async () => {
    const keys = crypto.generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'key-pass-1234' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const keyFile = path.join(dir, 'rsa_key.p8');
    fs.writeFileSync(keyFile, keys.privateKey, { mode: 0o600 });
    const jwtServer = await startLoopbackServer({ backend: local, users: {}, publicKeys: { C360_TEST: keys.publicKey } });
    try {
      const base = config({ accessUrl: jwtServer.url, authenticator: 'SNOWFLAKE_JWT', password: undefined, privateKeyPath: keyFile });
      const backend = await SnowflakeBackend.connect({ ...base, privateKeyPassphrase: 'key-pass-1234' }, creditCard);
      expect((await backend.query('SELECT CURRENT_USER()')).rows).toEqual([{ 'CURRENT_USER()': 'C360_TEST' }]);
      await backend.close();
      const login = jwtServer.requests.find((r) => r.path === '/session/v1/login-request')!;
      expect((login.body as { data: { AUTHENTICATOR: string } }).data.AUTHENTICATOR).toBe('SNOWFLAKE_JWT');
      const wrong = await rejection(SnowflakeBackend.connect({ ...base, privateKeyPassphrase: 'nope-nope' }, creditCard));
      expect(wrong.message).toMatch(/cannot use private key file .*rsa_key\.p8: the passphrase \(private_key_file_pwd\) does not decrypt it/);
      expect((wrong as { exitCode?: number }).exitCode).toBe(2);
      const missing = await rejection(SnowflakeBackend.connect(base, creditCard));
      expect(missing.message).toMatch(/it is encrypted: set private_key_file_pwd/);
      // A key the server does not know: the server refuses the JWT.
      const other = crypto.generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      fs.writeFileSync(keyFile, other.privateKey, { mode: 0o600 });
      const refused = await rejection(SnowflakeBackend.connect(base, creditCard));
      expect(refused.message).toMatch(/^wrong credentials for user C360_TEST .*JWT token is invalid.*\(390144\)/);
    } finally {
      await jwtServer.close();
    }
  });

  it('a role that does not exist is named', async () => {
    const err = await rejection(SnowflakeBackend.connect(config({ role: 'NO_SUCH_ROLE' }), creditCard));
    expect(err.message).toMatch(/^role "NO_SUCH_ROLE" does not exist or is not granted/);
  });

  it('an account the host does not know (HTTP 403 on login) is named', async () => {
    const forbidden = http.createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<html>Forbidden</html>');
    });
    await new Promise<void>((resolve) => forbidden.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(forbidden.address() as { port: number }).port}`;
    try {
      const err = await rejection(SnowflakeBackend.connect(config({ accessUrl: url }), creditCard));
      expect(err.message).toBe(`account loopback not found at ${url} (HTTP 403)`);
    } finally {
      forbidden.closeAllConnections();
      await new Promise((resolve) => forbidden.close(resolve));
    }
  });

  it('a host that refuses connections is unreachable', async () => {
    const silent = await startSilentServer();
    const port = silent.port;
    await silent.close();
    const err = await rejection(SnowflakeBackend.connect(config({ accessUrl: `http://127.0.0.1:${port}` }), creditCard));
    expect(err.message).toBe(`host unreachable: http://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('a server that never answers: gives up after the configured timeout', async () => {
    const silent = await startSilentServer();
    try {
      const started = performance.now();
      const err = await rejection(SnowflakeBackend.connect(config({ accessUrl: silent.url, connectTimeoutMs: 1_000 }), creditCard));
      expect(err).toBeInstanceOf(BackendUnavailableError);
      expect(err.message).toBe(`host unreachable: no answer from ${silent.url} within 1 s`);
      // Not the driver's default of minutes: well inside the 10 s --backend auto allows.
      expect(performance.now() - started).toBeLessThan(9_000);
    } finally {
      await silent.close();
    }
  });

  it('--backend auto falls back to local with a notice when the configured Snowflake does not answer', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-sfhome-'));
    const silent = await startSilentServer();
    const file = path.join(home, 'connections.toml');
    fs.writeFileSync(
      file,
      `[default]\naccount = "loopback"\nuser = "C360_TEST"\npassword = "test-password"\nhost = "127.0.0.1"\nport = ${silent.port}\nprotocol = "http"\nlogin_timeout = 1\n`,
      { mode: 0o600 },
    );
    const saved = process.env.SNOWFLAKE_HOME;
    process.env.SNOWFLAKE_HOME = home;
    const notices: string[] = [];
    try {
      const options = {
        dataDir: dir,
        scale: 'test',
        seed: 42,
        asOf: '2025-06-30',
        json: false,
        fresh: false,
        debug: false,
        backend: 'auto',
        connection: undefined,
      } as const;
      const localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-auto-'));
      const backend = await openBackend({ ...options, ...localWarehouse(localDir) }, { notice: (m) => notices.push(m) });
      expect(backend.kind).toBe('local');
      await backend.close();
      fs.rmSync(localDir, { recursive: true, force: true });
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(
        /Snowflake is not reachable \(host unreachable: no answer from http:\/\/127\.0\.0\.1:\d+ within 1 s\); using the local warehouse/,
      );
    } finally {
      if (saved === undefined) delete process.env.SNOWFLAKE_HOME;
      else process.env.SNOWFLAKE_HOME = saved;
      await silent.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
