import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeConnection, resolveConnection } from '../../src/backends/snowflake/config.js';
import { isSnowflakeConfigured } from '../../src/backends/snowflake/index.js';
import { splitStatements } from '../../src/util/sql-split.js';
import { toJsonSafe } from '../../src/backends/snowflake/backend.js';
import { UserError } from '../../src/core/errors.js';
import { maskSecrets } from '../../src/util/secrets.js';

let home: string;

function write(name: string, text: string, mode = 0o600): string {
  const file = path.join(home, name);
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
  return file;
}

function expectUserError(fn: () => unknown, pattern: RegExp, exitCode = 2): UserError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(pattern);
    expect((err as UserError).exitCode).toBe(exitCode);
    return err as UserError;
  }
  throw new Error('expected a UserError');
}

const TWO = `
[default]
account = "acme-default"
user = "alice"
password = "pw-default-1234"
warehouse = "C360_WH"

[demo]
account = "acme-demo"
user = "bob"
password = "pw-demo-5678"
role = "C360_ROLE"
database = "CUSTOMER_ANALYTICS"
host = "127.0.0.1"
port = 4567
protocol = "http"
login_timeout = 3
`;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-sfhome-'));
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

describe('connections.toml resolution', () => {
  it('is not configured when SNOWFLAKE_HOME has no files and no SNOWFLAKE_ACCOUNT', () => {
    expect(resolveConnection({}, { SNOWFLAKE_HOME: home })).toBeUndefined();
    expect(isSnowflakeConfigured({}, { SNOWFLAKE_HOME: home })).toBe(false);
  });

  it('reads [default] from $SNOWFLAKE_HOME/connections.toml when nothing names a connection', () => {
    write('connections.toml', TWO);
    const c = resolveConnection({}, { SNOWFLAKE_HOME: home })!;
    expect(c.name).toBe('default');
    expect(c.account).toBe('acme-default');
    expect(c.authenticator).toBe('SNOWFLAKE');
    expect(c.connectTimeoutMs).toBe(10_000);
    expect(c.accessUrl).toBeUndefined();
  });

  it('picks --connection, then SNOWFLAKE_DEFAULT_CONNECTION_NAME, then config.toml default_connection_name', () => {
    write('connections.toml', TWO);
    expect(resolveConnection({ connection: 'demo' }, { SNOWFLAKE_HOME: home })!.account).toBe('acme-demo');
    expect(resolveConnection({}, { SNOWFLAKE_HOME: home, SNOWFLAKE_DEFAULT_CONNECTION_NAME: 'demo' })!.user).toBe('bob');
    write('config.toml', 'default_connection_name = "demo"\n', 0o644);
    const c = resolveConnection({}, { SNOWFLAKE_HOME: home })!;
    expect(c.name).toBe('demo');
    expect(c.accessUrl).toBe('http://127.0.0.1:4567');
    expect(c.connectTimeoutMs).toBe(3000);
    // The environment variable beats config.toml, and --connection beats both.
    expect(resolveConnection({}, { SNOWFLAKE_HOME: home, SNOWFLAKE_DEFAULT_CONNECTION_NAME: 'default' })!.name).toBe('default');
    expect(resolveConnection({ connection: 'default' }, { SNOWFLAKE_HOME: home, SNOWFLAKE_DEFAULT_CONNECTION_NAME: 'demo' })!.name).toBe('default');
  });

  it('reads [connections.NAME] from config.toml too', () => {
    write('config.toml', '[connections.cfg]\naccount = "a"\nuser = "u"\npassword = "pw-cfg-0000"\n');
    expect(resolveConnection({ connection: 'cfg' }, { SNOWFLAKE_HOME: home })!.account).toBe('a');
  });

  it('refuses an unknown connection name, naming the file and the names it defines', () => {
    const file = write('connections.toml', TWO);
    const err = expectUserError(() => resolveConnection({ connection: 'prod' }, { SNOWFLAKE_HOME: home }), /unknown Snowflake connection "prod"/);
    expect(err.message).toContain(file);
    expect(err.message).toContain('"default", "demo"');
    expectUserError(
      () => resolveConnection({}, { SNOWFLAKE_HOME: home, SNOWFLAKE_DEFAULT_CONNECTION_NAME: 'nope' }),
      /"nope".*SNOWFLAKE_DEFAULT_CONNECTION_NAME/,
    );
  });

  it('refuses a connections.toml other users can read, with a chmod hint', () => {
    const file = write('connections.toml', TWO, 0o644);
    const err = expectUserError(() => resolveConnection({}, { SNOWFLAKE_HOME: home }), /readable by other users \(mode 644\)/);
    expect(err.hint).toBe(`chmod 0600 ${file}`);
    fs.chmodSync(file, 0o640);
    expectUserError(() => isSnowflakeConfigured({}, { SNOWFLAKE_HOME: home }), /mode 640/);
  });

  it('refuses a malformed connections.toml naming the file, without echoing its secrets', () => {
    const file = write('connections.toml', '[default]\naccount = "a"\npassword = "pw-broken-9999\n');
    const err = expectUserError(() => resolveConnection({}, { SNOWFLAKE_HOME: home }), /is not valid TOML/);
    expect(err.message).toContain(file);
    expect(err.message).not.toContain('pw-broken-9999');
  });

  it('refuses a section without account, user or the password its authenticator needs', () => {
    write(
      'connections.toml',
      '[a]\nuser = "u"\npassword = "pw-aaaa"\n[b]\naccount = "x"\nuser = "u"\n[c]\naccount = "x"\nuser = "u"\nauthenticator = "oauth"\n',
    );
    expectUserError(() => resolveConnection({ connection: 'a' }, { SNOWFLAKE_HOME: home }), /connection "a".*account is missing/);
    expectUserError(() => resolveConnection({ connection: 'b' }, { SNOWFLAKE_HOME: home }), /connection "b".*no password/);
    expectUserError(() => resolveConnection({ connection: 'c' }, { SNOWFLAKE_HOME: home }), /authenticator "oauth" is not supported/);
  });

  it('takes key-pair settings and checks the key file exists', () => {
    const key = path.join(home, 'rsa_key.p8');
    fs.writeFileSync(key, 'not really a key');
    write(
      'connections.toml',
      `[jwt]\naccount = "x"\nuser = "u"\nauthenticator = "SNOWFLAKE_JWT"\nprivate_key_file = "${key}"\nprivate_key_file_pwd = "pass-phrase-4321"\n[missing]\naccount = "x"\nuser = "u"\nprivate_key_file = "nope.p8"\n`,
    );
    const c = resolveConnection({ connection: 'jwt' }, { SNOWFLAKE_HOME: home })!;
    expect(c.authenticator).toBe('SNOWFLAKE_JWT');
    expect(c.privateKeyPath).toBe(key);
    expect(maskSecrets('x pass-phrase-4321 y')).toBe('x **** y');
    expectUserError(() => resolveConnection({ connection: 'missing' }, { SNOWFLAKE_HOME: home }), /private key file not found: .*nope\.p8/);
  });

  it('builds a connection from SNOWFLAKE_* variables and masks the password', () => {
    const c = resolveConnection(
      {},
      {
        SNOWFLAKE_HOME: home,
        SNOWFLAKE_ACCOUNT: 'envacct',
        SNOWFLAKE_USER: 'envuser',
        SNOWFLAKE_PASSWORD: 'env-secret-pw-1',
        SNOWFLAKE_ROLE: 'R',
        SNOWFLAKE_WAREHOUSE: 'W',
        SNOWFLAKE_DATABASE: 'D',
        SNOWFLAKE_HOST: '127.0.0.1',
        SNOWFLAKE_PORT: '9',
        SNOWFLAKE_PROTOCOL: 'http',
      },
    )!;
    expect(c).toMatchObject({ account: 'envacct', user: 'envuser', role: 'R', warehouse: 'W', database: 'D', accessUrl: 'http://127.0.0.1:9' });
    const shown = JSON.stringify(describeConnection(c));
    expect(shown).not.toContain('env-secret-pw-1');
    expect(shown).toContain('"password":"****"');
    expect(maskSecrets('login with env-secret-pw-1')).toBe('login with ****');
    expectUserError(() => resolveConnection({}, { SNOWFLAKE_HOME: home, SNOWFLAKE_ACCOUNT: 'a' }), /SNOWFLAKE_USER is not/);
  });

  it('SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> overrides one key of a file connection', () => {
    write('connections.toml', TWO);
    const c = resolveConnection({ connection: 'demo' }, { SNOWFLAKE_HOME: home, SNOWFLAKE_CONNECTIONS_DEMO_WAREHOUSE: 'OTHER_WH' })!;
    expect(c.warehouse).toBe('OTHER_WH');
  });
});

describe('statement splitting and value mapping', () => {
  it('splits on semicolons outside strings, comments and $$ bodies', () => {
    const script = `-- a comment; still a comment
CREATE TABLE t (a VARCHAR); INSERT INTO t VALUES ('x;y');
CREATE PROCEDURE p() RETURNS INT LANGUAGE SQL AS $$ BEGIN RETURN 1; END; $$;
/* block ; comment */ SELECT "we;ird" FROM t;
-- trailing comment only
`;
    const parts = splitStatements(script).map((s) => s.text);
    expect(parts).toHaveLength(4);
    expect(parts[1]).toBe("INSERT INTO t VALUES ('x;y')");
    expect(parts[2]).toMatch(/^CREATE PROCEDURE .*END; \$\$$/);
    expect(parts[3]).toContain('"we;ird"');
  });

  it('maps driver values to JSON-safe ones like the local backend does', () => {
    expect(toJsonSafe(new Date(Date.UTC(2025, 5, 30)), 'date')).toBe('2025-06-30');
    expect(toJsonSafe(new Date(Date.UTC(2025, 5, 30, 13, 4, 5)), 'timestamp_ntz')).toBe('2025-06-30 13:04:05');
    expect(toJsonSafe(new Date(Date.UTC(2025, 5, 30, 13, 4, 5, 120)), 'timestamp_ntz')).toBe('2025-06-30 13:04:05.120');
    expect(toJsonSafe(12n, 'fixed')).toBe(12);
    expect(toJsonSafe(2n ** 70n, 'fixed')).toBe('1180591620717411303424');
    expect(toJsonSafe(Buffer.from('hi'), 'binary')).toBe('6869');
    expect(toJsonSafe({ a: [1, new Date(0)] }, 'variant')).toEqual({ a: [1, '1970-01-01T00:00:00.000Z'] });
    expect(toJsonSafe(Number.NaN, 'real')).toBe('NaN');
  });
});
