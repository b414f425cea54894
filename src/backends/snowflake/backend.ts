/**
 * The Backend over a real Snowflake account, through snowflake-sdk.
 *
 * Every statement is submitted asynchronously (`asyncExec`), then polled with `getQueryStatus`:
 * that gives progress events for long statements, and an AbortSignal cancels the statement on the
 * server (`statement.cancel()` -> abort-request) instead of only dropping the client side.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Column, Connection, ConnectionOptions, RowStatement, SnowflakeError } from 'snowflake-sdk';
import type { Backend, Pack, QueryOptions, QueryResult, Row, RowStream, SqlValue } from '../backend.js';
import { BackendUnavailableError, ExitCode, InterruptedError, UserError } from '../../core/errors.js';
import { maskSecrets, registerSecret } from '../../util/secrets.js';
import type { SnowflakeConnectionConfig } from './config.js';
import { loadSdk } from './driver.js';
import { splitStatements } from '../../util/sql-split.js';
import { sleep } from '../../util/sleep.js';

/** Poll delays after submitting a statement: quick at first so short queries stay short. */
const POLL_DELAYS_MS = [10, 25, 50, 100, 200, 400, 800, 1000];
const RUNNING = new Set(['RUNNING', 'RESUMING_WAREHOUSE', 'QUEUED', 'QUEUED_REPARING_WAREHOUSE', 'NO_DATA']);

export function hostOf(config: SnowflakeConnectionConfig): string {
  return config.accessUrl ?? `https://${config.account}.snowflakecomputing.com`;
}

const NETWORK_CODES =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNABORTED|EPIPE|socket hang up|timeout of \d+ms exceeded/i;

/** Every string we can find on a driver error (message, cause chain, response), for classification. */
function errorText(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const x = e as { message?: unknown; code?: unknown; cause?: unknown };
    if (x.message) parts.push(String(x.message));
    if (x.code) parts.push(String(x.code));
    e = x.cause;
  }
  return parts.join(' | ');
}

/** Turns a failed login into one line naming what is wrong. */
export function explainConnectError(err: unknown, config: SnowflakeConnectionConfig): BackendUnavailableError {
  const e = err as (Partial<SnowflakeError> & { response?: { status?: number; statusCode?: number } }) | undefined;
  const code = e?.code !== undefined ? String(e.code) : '';
  const message = maskSecrets(String(e?.message ?? err).split('\n')[0] ?? '');
  const host = hostOf(config);
  const who = `user ${config.user} on account ${config.account}`;
  if (['390100', '390144', '390195'].includes(code) || /incorrect username or password|JWT token is invalid/i.test(message)) {
    return new BackendUnavailableError(
      `wrong credentials for ${who}: Snowflake says "${message}" (${code || 'auth'})`,
      config.authenticator === 'SNOWFLAKE_JWT'
        ? 'check that the public key of private_key_file is set on the user (ALTER USER ... SET RSA_PUBLIC_KEY)'
        : 'check the password in connections.toml or SNOWFLAKE_PASSWORD',
    );
  }
  for (const [kind, value] of [
    ['role', config.role],
    ['warehouse', config.warehouse],
    ['database', config.database],
  ] as const) {
    if (new RegExp(`\\b${kind}\\b`, 'i').test(message) && /does not exist|not authorized|not granted/i.test(message)) {
      return new BackendUnavailableError(
        `${kind} "${value ?? '?'}" does not exist or is not granted to ${who}: Snowflake says "${message}" (${code})`,
        `check ${kind} in the connection, or GRANT it to the user's role`,
      );
    }
  }
  const text = errorText(err);
  const status = e?.response?.status ?? e?.response?.statusCode;
  if (status === 403 || status === 404) {
    return new BackendUnavailableError(
      `account ${config.account} not found at ${host} (HTTP ${status})`,
      'check account (the locator, e.g. xy12345.eu-central-1, or orgname-accountname)',
    );
  }
  if (/timeout of \d+ms exceeded|ETIMEDOUT|ECONNABORTED/i.test(text)) {
    return new BackendUnavailableError(
      `host unreachable: no answer from ${host} within ${Math.round(config.connectTimeoutMs / 1000)} s`,
      'check the network / VPN, or use --backend local',
    );
  }
  const net = NETWORK_CODES.exec(text);
  if (net || code === '401001') {
    return new BackendUnavailableError(`host unreachable: ${host} (${net ? net[0] : message})`, 'check account/host and the network, or use --backend local');
  }
  return new BackendUnavailableError(`cannot connect to Snowflake at ${host} as ${who}: ${message}${code ? ` (${code})` : ''}`);
}

/** Reads the key-pair file up front, so a wrong passphrase or a non-key file is a config error (exit 2) named as such. */
function checkPrivateKey(config: SnowflakeConnectionConfig): void {
  const file = config.privateKeyPath!;
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`${config.source}: cannot read private key file ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    crypto.createPrivateKey({ key: pem, format: 'pem', ...(config.privateKeyPassphrase ? { passphrase: config.privateKeyPassphrase } : {}) });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const encrypted = /ENCRYPTED/.test(pem);
    // A wrong passphrase usually fails the padding check ("bad decrypt"), but now and then the
    // garbage it decrypts to passes it and fails to decode instead: for an encrypted key with a
    // passphrase given, both mean the passphrase is wrong.
    const reason =
      encrypted && !config.privateKeyPassphrase
        ? 'it is encrypted: set private_key_file_pwd'
        : encrypted || /bad decrypt|passphrase/i.test(message)
          ? 'the passphrase (private_key_file_pwd) does not decrypt it'
          : 'it is not a PEM private key (PKCS#8, "-----BEGIN PRIVATE KEY-----")';
    throw new UserError(
      `${config.source}: cannot use private key file ${file}: ${reason}`,
      ExitCode.badInput,
      'see docs/snowflake.md, "Key-pair authentication"',
    );
  }
}

/** Snowflake's error line, as SnowSQL prints it: `002003 (42S02): SQL compilation error: ...`. */
export class SnowflakeQueryError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly sqlState?: string,
    readonly queryId?: string,
  ) {
    // One line: callers print the first line of an error, and Snowflake's second line is the useful one.
    super(`${code ? `${code}${sqlState ? ` (${sqlState})` : ''}: ` : ''}${message.replace(/\s*\n\s*/g, ' ').trim()}`);
    this.name = 'SnowflakeQueryError';
  }
}

function toQueryError(err: unknown, queryId?: string): Error {
  if (err instanceof InterruptedError || err instanceof BackendUnavailableError) return err;
  const e = err as Partial<SnowflakeError> | undefined;
  const text = errorText(err);
  const code = e?.code !== undefined ? String(e.code) : undefined;
  if (code === '401001' || (NETWORK_CODES.test(text) && !e?.sqlState)) {
    return new BackendUnavailableError(`lost the connection to Snowflake: ${maskSecrets(String(e?.message ?? err))}`);
  }
  return new SnowflakeQueryError(maskSecrets(String(e?.message ?? err)), code, e?.sqlState, queryId);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Date-like driver values -> the strings the local backend produces ('YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS[.fff]'). */
function dateValue(value: Date, type: string): string {
  const d = value;
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (type === 'date') return date;
  const ms = d.getUTCMilliseconds();
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ''}`;
  if (type === 'time') return time;
  if (type === 'timestamp_ntz') return `${date} ${time}`;
  return d.toISOString();
}

export function toJsonSafe(value: unknown, type = ''): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return dateValue(value, type);
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (Array.isArray(value)) return value.map((v) => toJsonSafe(v));
  if (typeof value === 'object') {
    const out: Record<string, SqlValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJsonSafe(v);
    return out;
  }
  return String(value);
}

export class SnowflakeBackend implements Backend {
  readonly kind = 'snowflake' as const;
  readonly description: string;

  private constructor(
    private readonly connection: Connection,
    readonly config: SnowflakeConnectionConfig,
    readonly pack: Pack,
  ) {
    this.description = `Snowflake ${config.account} as ${config.user}${config.role ? ` (role ${config.role})` : ''}`;
  }

  /** Logs in; gives up after `config.connectTimeoutMs` with a BackendUnavailableError naming the cause. */
  static async connect(config: SnowflakeConnectionConfig, pack: Pack): Promise<SnowflakeBackend> {
    // Also when the config did not come through resolveConnection (tests, bench).
    registerSecret(config.password);
    registerSecret(config.privateKeyPassphrase);
    const sdk = await loadSdk();
    const options: ConnectionOptions = {
      account: config.account,
      username: config.user,
      authenticator: config.authenticator,
      application: 'c360_demo',
      clientSessionKeepAlive: false,
      // One HTTP timeout for every request: statements are submitted asynchronously, so no single
      // request waits for a long query.
      timeout: config.connectTimeoutMs,
      sfRetryMaxLoginRetries: 0,
      ...(config.password ? { password: config.password } : {}),
      ...(config.privateKeyPath ? { privateKeyPath: config.privateKeyPath } : {}),
      ...(config.privateKeyPassphrase ? { privateKeyPass: config.privateKeyPassphrase } : {}),
      ...(config.role ? { role: config.role } : {}),
      ...(config.warehouse ? { warehouse: config.warehouse } : {}),
      ...(config.database ? { database: config.database } : {}),
      ...(config.schema ? { schema: config.schema } : {}),
      ...(config.accessUrl ? { accessUrl: config.accessUrl } : {}),
    };
    if (config.privateKeyPath) checkPrivateKey(config);
    let connection: Connection;
    try {
      connection = sdk.createConnection(options);
    } catch (err) {
      throw explainConnectError(err, config);
    }
    const browser = config.authenticator === 'EXTERNALBROWSER';
    // The browser flow waits for a person; everything else must answer within the timeout.
    const limit = browser ? Math.max(config.connectTimeoutMs, 120_000) : config.connectTimeoutMs + 2_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve, reject) => {
          const done = (err: unknown) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve());
          if (browser) connection.connectAsync(done).catch(reject);
          else connection.connect(done);
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error(`timeout of ${limit}ms exceeded`), { code: 'ETIMEDOUT' })), limit);
          timer.unref();
        }),
      ]);
    } catch (err) {
      throw explainConnectError(err, config);
    } finally {
      clearTimeout(timer);
    }
    return new SnowflakeBackend(connection, config, pack);
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    const started = performance.now();
    const { columns, rows } = /^\s*(PUT|GET)\s/i.test(sql) ? await this.transfer(sql, options) : await this.run(sql, options, (queryId) => this.fetch(queryId));
    return { columns, rows, elapsedMs: performance.now() - started };
  }

  async runUserQuery(sql: string, options: QueryOptions = {}): Promise<RowStream> {
    const { assertSnowflakeReadOnly } = await import('../../warehouse/read-only.js');
    const text = assertSnowflakeReadOnly(sql);
    return this.run(text, options, (queryId) => this.fetchStream(queryId));
  }

  /** Submits `sql`, waits for it (progress, Ctrl-C cancels on the server) and reads its result with `read`. */
  private async run<T>(sql: string, options: QueryOptions, read: (queryId: string) => Promise<T>): Promise<T> {
    const { signal, onProgress } = options;
    const started = performance.now();
    if (signal?.aborted) throw new InterruptedError();
    let statement: RowStatement | undefined;
    let queryId: string | undefined;
    try {
      queryId = await new Promise<string>((resolve, reject) => {
        statement = this.connection.execute({
          sqlText: sql,
          asyncExec: true,
          complete: (err, stmt) => (err ? reject(err) : resolve(stmt.getQueryId())),
        });
      });
      // Poll until it finishes; the signal wakes the sleep so Ctrl-C is immediate.
      for (let attempt = 0; ; attempt++) {
        if (signal?.aborted) await this.cancel(statement!);
        // A failed or aborted statement falls through to the read, whose answer carries Snowflake's
        // error code, SQL state and message.
        const status = await this.connection.getQueryStatus(queryId);
        if (!RUNNING.has(status)) break;
        const seconds = (performance.now() - started) / 1000;
        onProgress?.({ stage: 'snowflake', message: `query ${queryId} ${status.toLowerCase()} for ${seconds.toFixed(1)} s` });
        await sleep(POLL_DELAYS_MS[Math.min(attempt, POLL_DELAYS_MS.length - 1)]!, signal);
      }
      if (signal?.aborted) await this.cancel(statement!);
      return await read(queryId);
    } catch (err) {
      if (signal?.aborted && !(err instanceof InterruptedError)) throw new InterruptedError('interrupted: the statement was cancelled on Snowflake');
      throw toQueryError(err, queryId);
    }
  }

  /**
   * PUT / GET: the driver moves the files itself (to the stage location Snowflake answers with),
   * which it does only for a statement it submits synchronously. The transfer is not cancellable
   * on the server; Ctrl-C stops before the next statement.
   */
  private async transfer(sql: string, options: QueryOptions): Promise<{ columns: string[]; rows: Row[] }> {
    if (options.signal?.aborted) throw new InterruptedError();
    try {
      return await new Promise((resolve, reject) => {
        this.connection.execute({
          sqlText: sql,
          rowMode: 'array',
          complete: (err, stmt, raw) => {
            if (err) return reject(err);
            const cols: Column[] = stmt.getColumns() ?? [];
            const columns = cols.map((c) => c.getName());
            const rows = ((raw ?? []) as unknown[][]).map((values) => {
              const row: Row = {};
              columns.forEach((name, i) => {
                row[name] = toJsonSafe(values[i]);
              });
              return row;
            });
            resolve({ columns, rows });
          },
        });
      });
    } catch (err) {
      throw toQueryError(err);
    }
  }

  /** Cancels on the server (abort-request), then stops the caller. */
  private async cancel(statement: RowStatement): Promise<never> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.config.connectTimeoutMs);
      statement.cancel(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    throw new InterruptedError('interrupted: the statement was cancelled on Snowflake');
  }

  private fetch(queryId: string): Promise<{ columns: string[]; rows: Row[] }> {
    return new Promise((resolve, reject) => {
      this.connection.fetchResult({
        queryId,
        rowMode: 'array',
        complete: (err, stmt, raw) => {
          if (err) {
            reject(err);
            return;
          }
          const cols: Column[] = stmt.getColumns() ?? [];
          const columns = cols.map((c) => c.getName());
          const types = cols.map((c) => c.getType().toLowerCase());
          const rows: Row[] = ((raw ?? []) as unknown[][]).map((values) => {
            const row: Row = {};
            columns.forEach((name, i) => {
              row[name] = toJsonSafe(values[i], types[i]);
            });
            return row;
          });
          resolve({ columns, rows });
        },
      });
    });
  }

  /** The result of a finished statement as a stream of rows, so a large result never sits in memory whole. */
  private fetchStream(queryId: string): Promise<RowStream> {
    return new Promise((resolve, reject) => {
      const statement = this.connection.fetchResult({
        queryId,
        rowMode: 'array',
        streamResult: true,
        complete: (err, stmt) => {
          if (err) return reject(err);
          const cols: Column[] = stmt.getColumns() ?? [];
          const columns = cols.map((c) => c.getName());
          const types = cols.map((c) => c.getType().toLowerCase());
          const toRow = (values: unknown[]): Row => {
            const row: Row = {};
            columns.forEach((name, i) => {
              row[name] = toJsonSafe(values[i], types[i]);
            });
            return row;
          };
          async function* batches(): AsyncGenerator<Row[]> {
            let batch: Row[] = [];
            for await (const values of statement.streamRows()) {
              batch.push(toRow(values as unknown[]));
              if (batch.length >= 2048) {
                yield batch;
                batch = [];
              }
            }
            if (batch.length > 0) yield batch;
          }
          resolve({ columns, batches: batches() });
        },
      });
    });
  }

  async execute(sql: string, options: QueryOptions = {}): Promise<void> {
    for (const statement of splitStatements(sql)) await this.query(statement.text, options);
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.query('BEGIN');
    try {
      const result = await work();
      await this.query('COMMIT');
      return result;
    } catch (err) {
      await this.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      timer.unref();
      this.connection.destroy(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
