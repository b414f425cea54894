/**
 * The CLI, run in-process through its own entry (src/cli/main.ts run()), against the loopback server:
 * `connection test` in every outcome, and the secrets test: every command, with fake secrets in
 * the environment and in connections.toml, never prints them.
 */
import fs from 'node:fs';
import { localWarehouse } from '../support/pack.js';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { buildProgram } from '../../src/cli/main.js';
import { copyBronzeWarehouse } from '../support/warehouse.js';
import { runCliInProcess } from '../support/cli.js';
import { localTaskHandlers, startLoopbackServer, startSilentServer, type LoopbackServer } from '../support/snowflake/loopback-server.js';

const HELP_OF_EVERY_COMMAND = '(--help of every command)';

const FILE_PASSWORD = 'Fake-File-Secret-7f3a91';
const ENV_PASSWORD = 'Fake-Env-Secret-c02e55';
const WRONG_PASSWORD = 'Fake-Wrong-Secret-19bd02';
const KEY_PASSPHRASE = 'Fake-Key-Passphrase-4e8d';
const KEY_BODY = 'FakeKeyMaterial0123456789abcdefFAKEKEY';
const SECRETS = [FILE_PASSWORD, ENV_PASSWORD, WRONG_PASSWORD, KEY_PASSPHRASE, KEY_BODY];

let warehouseDir: string;
let home: string;
let cliDataDir: string;
let local: LocalDuckDbBackend;
let server: LoopbackServer;

interface Run {
  args: string[];
  code: number;
  ms: number;
  stdout: string;
  stderr: string;
}
const transcript: Run[] = [];

async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const started = performance.now();
  const result = await runCliInProcess(args, {
    env: { SNOWFLAKE_HOME: home, SNOWFLAKE_PASSWORD: ENV_PASSWORD, C360_DATA_DIR: cliDataDir, NO_COLOR: '1', ...env },
  });
  const done = { args, code: result.status ?? -1, ms: Math.round(performance.now() - started), stdout: result.stdout, stderr: result.stderr };
  transcript.push(done);
  return done;
}

function writeConnections(text: string, mode = 0o600): void {
  const file = path.join(home, 'connections.toml');
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
}

function connectionsToml(port: number, keyFile: string): string {
  const common = `account = "loopback"\nuser = "C360_TEST"\nhost = "127.0.0.1"\nport = ${port}\nprotocol = "http"\nlogin_timeout = 5\n`;
  return `default_connection_name = "default"
[default]
${common}password = "${FILE_PASSWORD}"
role = "C360_ROLE"
warehouse = "C360_WH"
database = "CUSTOMER_ANALYTICS"

[wrongpw]
${common}password = "${WRONG_PASSWORD}"
role = "C360_ROLE"
warehouse = "C360_WH"
database = "CUSTOMER_ANALYTICS"

[nowarehouse]
${common}password = "${FILE_PASSWORD}"
role = "C360_ROLE"
warehouse = "NO_SUCH_WH"
database = "CUSTOMER_ANALYTICS"

[keypair]
${common}authenticator = "SNOWFLAKE_JWT"
private_key_file = "${keyFile}"
private_key_file_pwd = "${KEY_PASSPHRASE}"
`;
}

/** `<command> --help` for every command, recorded as one transcript entry. */
async function helpOfEveryCommand(paths: string[][]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  for (const p of paths) {
    const r = await runCliInProcess([...p, '--help'], { env: { SNOWFLAKE_HOME: home, SNOWFLAKE_PASSWORD: ENV_PASSWORD } });
    stdout += `=== ${p.join(' ')}\n${r.stdout}`;
    stderr += r.stderr;
    code = Math.max(code, r.status ?? -1);
  }
  const done = { args: [HELP_OF_EVERY_COMMAND], code, ms: 0, stdout, stderr };
  transcript.push(done);
  return done;
}

/** Every command path of the CLI ("connection test", "tasks show", ...), from the program itself. */
function commandPaths(): string[][] {
  const out: string[][] = [];
  const walk = (command: Command, prefix: string[]) => {
    for (const sub of command.commands) {
      const p = [...prefix, sub.name()];
      out.push(p);
      walk(sub, p);
    }
  };
  walk(buildProgram(), []);
  return out;
}

beforeAll(async () => {
  warehouseDir = copyBronzeWarehouse('c360-sfcli-');
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-sfhome-'));
  // The local runs below use a copy of the suite's bronze warehouse (C360_DATA_DIR).
  cliDataDir = copyBronzeWarehouse('c360-sfdata-');
  local = await LocalDuckDbBackend.open({ ...localWarehouse(warehouseDir) });
  server = await startLoopbackServer({
    backend: local,
    users: { C360_TEST: FILE_PASSWORD },
    handlers: localTaskHandlers(local, { runner: { runStage: async () => ({ detail: 'stand-in' }) } }),
  });
  const keyFile = path.join(home, 'rsa_key.p8');
  fs.writeFileSync(keyFile, `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${KEY_BODY}\n-----END ENCRYPTED PRIVATE KEY-----\n`, { mode: 0o600 });
  writeConnections(connectionsToml(server.port, keyFile));
});

afterAll(async () => {
  if (process.env.C360_SF_TRANSCRIPT) fs.writeFileSync(process.env.C360_SF_TRANSCRIPT, JSON.stringify(transcript, null, 1));
  await server?.close();
  await local?.close();
  for (const d of [warehouseDir, home, cliDataDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe('c360-demo connection test', () => {
  it('all good: prints the masked connection, each check, exit 0', async () => {
    const r = await run(['connection', 'test']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('connection  connection "default" in');
    expect(r.stdout).toMatch(/account\s+loopback/);
    expect(r.stdout).toMatch(/✓ login\s+logged in as C360_TEST/);
    expect(r.stdout).toMatch(/✓ role\s+C360_ROLE in use/);
    expect(r.stdout).toMatch(/✓ warehouse\s+C360_WH in use/);
    expect(r.stdout).toMatch(/✓ database\s+CUSTOMER_ANALYTICS in use/);
    expect(r.stdout).toContain('Snowflake connection OK');
    // The password really went to the (loopback) server, so the masking below is tested for real.
    const login = server.requests.filter((q) => q.path === '/session/v1/login-request').at(-1)!;
    expect((login.body as { data: { PASSWORD: string } }).data.PASSWORD).toBe(FILE_PASSWORD);
  });

  it('--json: one document with the checks and the masked config', async () => {
    const r = await run(['connection', 'test', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; connection: Record<string, string>; checks: { check: string; ok: boolean }[] };
    expect(doc.ok).toBe(true);
    expect(doc.connection.password).toBe('****');
    expect(doc.checks.map((c) => c.check)).toEqual(['login', 'role', 'warehouse', 'database']);
  });

  it('wrong credentials: exit 3, says so', async () => {
    const r = await run(['connection', 'test', '--connection', 'wrongpw']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(
      /✗ login\s+wrong credentials for user C360_TEST on account loopback: Snowflake says "Incorrect username or password was specified\." \(390100\)/,
    );
    expect(r.stdout).toContain('Snowflake connection NOT usable');
  });

  it('a warehouse that does not exist: login works, the warehouse check names it, exit 3', async () => {
    const r = await run(['connection', 'test', '--connection', 'nowarehouse']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/✓ login/);
    expect(r.stdout).toMatch(/✗ warehouse\s+warehouse "NO_SUCH_WH" does not exist or is not granted to role C360_ROLE/);
    expect(r.stdout).toMatch(/✓ database/);
  });

  it('an unknown connection name: exit 2, names the file and the known names', async () => {
    const r = await run(['connection', 'test', '--connection', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^c360-demo: unknown Snowflake connection "nope" \(from --connection\): .*connections\.toml defines "default", "wrongpw", "nowarehouse", "keypair"/,
    );
  });

  it('connection list: the names, the default marked, no secrets', async () => {
    const r = await run(['connection', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\* default\s+account=loopback user=C360_TEST authenticator=snowflake/m);
    expect(r.stdout).toMatch(/^ {2}keypair\s+account=loopback user=C360_TEST authenticator=SNOWFLAKE_JWT/m);
    expect(r.stdout).toContain('default connection name: default');
  });

  it('a host that does not answer: exit 3 within the timeout', async () => {
    const silent = await startSilentServer();
    try {
      const r = await run(['connection', 'test', '--timeout', '1'], {
        SNOWFLAKE_HOME: path.join(home, 'none'),
        SNOWFLAKE_ACCOUNT: 'loopback',
        SNOWFLAKE_USER: 'C360_TEST',
        SNOWFLAKE_HOST: '127.0.0.1',
        SNOWFLAKE_PORT: String(silent.port),
        SNOWFLAKE_PROTOCOL: 'http',
      });
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(/✗ login\s+host unreachable: no answer from http:\/\/127\.0\.0\.1:\d+ within 1 s/);
    } finally {
      await silent.close();
    }
  });
});

describe('secrets never reach the output', () => {
  it('every command, its --help and real invocations print no password, passphrase or key', async () => {
    const paths = commandPaths();
    expect(paths.map((p) => p.join(' '))).toEqual(expect.arrayContaining(['connection', 'connection test', 'sql', 'generate']));
    // One run at a time: each sets its own environment for its duration.
    const dataDirRuns = async () => {
      await run(['sql', 'SELECT count(*) AS n FROM BRONZE.BRONZE_CUSTOMERS', '--backend', 'local']);
      await run(['validate', '--backend', 'local']);
    };
    const queue: { args: string[]; env?: Record<string, string> }[] = [
      { args: ['sql', 'SELECT count(*) AS n FROM BRONZE.BRONZE_CUSTOMERS'] }, // auto: the loopback "Snowflake"
      { args: ['sql', 'SELECT count(*) AS n FROM BRONZE.BRONZE_CUSTOMERS', '--backend', 'snowflake', '--connection', 'wrongpw', '--debug'] },
      { args: ['sql', 'SELECT 1', '--backend', 'snowflake', '--connection', 'keypair', '--debug'] },
      {
        args: ['sql', 'SELECT 1', '--backend', 'snowflake', '--debug'],
        env: {
          SNOWFLAKE_ACCOUNT: 'loopback',
          SNOWFLAKE_USER: 'C360_TEST',
          SNOWFLAKE_HOST: '127.0.0.1',
          SNOWFLAKE_PORT: String(server.port),
          SNOWFLAKE_PROTOCOL: 'http',
        },
      },
      { args: ['connection', 'test', '--debug'] },
      { args: ['connection', 'test', '--json', '--connection', 'wrongpw', '--debug'] },
      { args: ['connection', 'test', '--connection', 'keypair', '--debug'] },
      { args: ['tasks', 'show'] },
      { args: ['tasks', 'history'] },
      { args: ['stream', 'status'] },
      { args: ['share', 'show'] },
      { args: ['--help'] },
      { args: ['--version'] },
      { args: ['connection', 'test', '--help'] },
    ];
    await dataDirRuns();
    await helpOfEveryCommand(paths);
    for (const next of queue) await run(next.args, next.env);

    // A malformed file holding the secret on the bad line, and a world-readable one.
    writeConnections(`[default]\naccount = "a"\npassword = ${FILE_PASSWORD}\n`);
    await run(['connection', 'test']);
    await run(['sql', 'SELECT 1']);
    writeConnections(`[default]\naccount = "a"\nuser = "u"\npassword = "${FILE_PASSWORD}"\n`, 0o644);
    await run(['connection', 'test']);

    // Every command's help was printed.
    const help = transcript.find((r) => r.args[0] === HELP_OF_EVERY_COMMAND)!;
    expect(help.code).toBe(0);
    for (const p of paths) expect(help.stdout).toContain(`Usage: c360-demo ${p.join(' ')} [options]`);

    // The runs did exercise the secrets: logins happened, the bad ones failed with exit 3, the bad files with 2.
    const byArgs = (needle: string) => transcript.filter((r) => r.args.join(' ').includes(needle));
    expect(byArgs('--connection wrongpw --debug').every((r) => r.code === 3)).toBe(true);
    expect(transcript.at(-1)!.code).toBe(2);
    expect(transcript.at(-3)!.stderr).toMatch(/not valid TOML \(line 3\)/);

    const leaks: string[] = [];
    for (const r of transcript) {
      for (const secret of SECRETS) {
        if (r.stdout.includes(secret) || r.stderr.includes(secret)) leaks.push(`${r.args.join(' ')} printed ${secret}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(transcript.length).toBeGreaterThanOrEqual(25);
  }, 240_000);
});
