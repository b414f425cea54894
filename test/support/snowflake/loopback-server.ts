/**
 * A loopback "Snowflake": a node:http server on 127.0.0.1 speaking the part of Snowflake's REST
 * protocol that snowflake-sdk 3.3 uses, answering from the local emulation. The real driver
 * connects to it with `accessUrl: 'http://127.0.0.1:PORT'` (connections.toml: host/port/protocol).
 *
 *   POST /session/v1/login-request       login (password; SNOWFLAKE_JWT checked against a public key)
 *   POST /queries/v1/query-request       run SQL: JSON rowset + rowtype; asyncExec -> 333334 + queryId
 *   GET  /monitoring/queries/<id>        async status (RUNNING / SUCCESS / FAILED_WITH_ERROR / ABORTED)
 *   GET  /queries/<id>/result            the result of an async query
 *   POST /queries/<id>/abort-request, POST /queries/v1/abort-request   cancel
 *   POST /session?delete=true, /session/heartbeat, /telemetry/send    -> success
 *
 * SQL goes to a LocalDuckDbBackend (gold queries and everything else), except:
 * SELECT CURRENT_ROLE()/CURRENT_WAREHOUSE()/... (session state), SHOW TASKS / EXECUTE TASK /
 * TASK_HISTORY (the orchestration emulation, through `handlers`), and SYSTEM$WAIT(n) (a
 * cancellable long statement, as on Snowflake).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import type { Backend, Row, SqlValue } from '../../../src/backends/backend.js';
import type { RunConfig } from '../../../src/core/config.js';
import { executeTaskLocal, showTasksLocal, taskHistoryLocal, type LocalTaskRunner } from '../../../src/orchestration/local/tasks.js';
import { AccountEmulation, AccountSqlError, type AccountAnswer } from './account.js';

export interface TaskHandlers {
  showTasks(): Promise<Row[]>;
  executeTask(name: string): Promise<Row[]>;
  taskHistory(sql: string): Promise<Row[]>;
}

export interface LoopbackOptions {
  /** The warehouse that answers ordinary SQL. */
  backend?: Backend;
  /** user -> password. */
  users?: Record<string, string>;
  /** user -> PEM public key, for SNOWFLAKE_JWT. */
  publicKeys?: Record<string, string>;
  roles?: string[];
  warehouses?: string[];
  databases?: string[];
  handlers?: Partial<TaskHandlers>;
  /**
   * Emulate the account too (deploy, teardown, PUT, COPY INTO, dbt projects, shares...): stages live
   * under `stagesRoot`; `config` is what EXECUTE DBT PROJECT and the churn script run with.
   */
  account?: { config: RunConfig; stagesRoot: string; standIns?: boolean; taskScheduleMs?: number };
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface LoopbackServer {
  url: string;
  host: string;
  port: number;
  requests: RecordedRequest[];
  /** Query ids (or request ids) the client asked to abort. */
  aborts: string[];
  /** Statements whose execution was cancelled while running. */
  cancelled: string[];
  /** The account emulation, when `account` was given. */
  account?: AccountEmulation;
  close(): Promise<void>;
}

interface Session {
  user: string;
  role: string | null;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
}

interface QueryState {
  id: string;
  requestId: string;
  sql: string;
  status: 'RUNNING' | 'SUCCESS' | 'FAILED_WITH_ERROR' | 'ABORTED';
  body?: Record<string, unknown>;
  abort: AbortController;
  done: Promise<void>;
}

class SqlError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly sqlState: string,
  ) {
    super(message);
  }
}

const ok = (data: unknown, extra: Record<string, unknown> = {}) => ({ success: true, code: null, message: null, data, ...extra });
const fail = (code: string, message: string, data: Record<string, unknown> = {}) => ({ success: false, code, message, data: { errorCode: code, ...data } });

type RowType = { name: string; type: string; scale?: number; precision?: number; nullable: boolean; length?: number | null; byteLength?: number | null };

/** Snowflake's JSON result format: rowtype metadata and every value as a string (or null). */
export function toRowset(columns: string[], rows: Row[]): { rowtype: RowType[]; rowset: (string | null)[][] } {
  const rowtype = columns.map((name): RowType => {
    const values = rows.map((r) => r[name]).filter((v) => v !== null && v !== undefined);
    if (values.length > 0 && values.every((v) => typeof v === 'boolean')) return { name, type: 'boolean', nullable: true };
    if (values.length > 0 && values.every((v) => typeof v === 'number' && Number.isInteger(v)))
      return { name, type: 'fixed', scale: 0, precision: 38, nullable: true };
    if (values.length > 0 && values.every((v) => typeof v === 'number')) return { name, type: 'real', nullable: true };
    if (values.length > 0 && values.every((v) => typeof v === 'object')) return { name, type: 'variant', nullable: true };
    return { name, type: 'text', nullable: true, length: 16777216, byteLength: 16777216 };
  });
  const rowset = rows.map((row) =>
    columns.map((name) => {
      const v: SqlValue | undefined = row[name];
      if (v === null || v === undefined) return null;
      if (typeof v === 'object') return JSON.stringify(v);
      return String(v);
    }),
  );
  return { rowtype, rowset };
}

const TASK_HISTORY_COLUMNS = [
  'QUERY_ID',
  'NAME',
  'DATABASE_NAME',
  'SCHEMA_NAME',
  'QUERY_TEXT',
  'CONDITION_TEXT',
  'STATE',
  'ERROR_CODE',
  'ERROR_MESSAGE',
  'SCHEDULED_TIME',
  'QUERY_START_TIME',
  'COMPLETED_TIME',
  'ROOT_TASK_ID',
  'RUN_ID',
  'SCHEDULED_FROM',
];

function literal(value: SqlValue | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'object' ? JSON.stringify(value) : value;
  return `'${text.replace(/'/g, "''")}'`;
}

/** Rows as an inline relation: SELECT * FROM (VALUES ...) t(cols). */
function valuesSql(rows: Row[], fallbackColumns: string[]): string {
  const columns = rows[0] ? Object.keys(rows[0]) : fallbackColumns;
  if (rows.length === 0) return `SELECT ${columns.map((c) => `NULL::VARCHAR AS ${c}`).join(', ')} WHERE false`;
  const values = rows.map((r) => `(${columns.map((c) => literal(r[c])).join(', ')})`).join(',\n');
  return `SELECT * FROM (VALUES ${values}) AS t(${columns.join(', ')})`;
}

/** Maps DuckDB's errors to Snowflake's codes and wording. */
function toSqlError(err: unknown): SqlError {
  if (err instanceof SqlError) return err;
  if (err instanceof AccountSqlError) return new SqlError(err.message, err.code, err.sqlState);
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
  if (/does not exist or not authorized/i.test(message)) return new SqlError(message, '002003', '02000');
  if (/^Cannot execute task/i.test(message)) return new SqlError(message, '091091', '22000');
  const table = /Table with name (\S+) does not exist/i.exec(message);
  if (table) return new SqlError(`SQL compilation error:\nObject '${table[1]!.toUpperCase()}' does not exist or not authorized.`, '002003', '42S02');
  if (/Catalog Error/i.test(message)) return new SqlError(`SQL compilation error:\n${message}`, '002003', '42S02');
  if (/Parser Error/i.test(message)) return new SqlError(`SQL compilation error:\n${message}`, '001003', '42000');
  if (/Binder Error/i.test(message)) return new SqlError(`SQL compilation error:\n${message}`, '000904', '42000');
  return new SqlError(message, '100000', '22000');
}

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      let buf = Buffer.concat(chunks);
      if (buf.length === 0) {
        resolve(undefined);
        return;
      }
      if (req.headers['content-encoding'] === 'gzip' || (buf[0] === 0x1f && buf[1] === 0x8b)) buf = zlib.gunzipSync(buf);
      try {
        resolve(JSON.parse(buf.toString('utf8')));
      } catch {
        resolve(buf.toString('utf8'));
      }
    });
  });
}

function verifyJwt(token: string, publicKey: string): { sub?: string } | undefined {
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) return undefined;
  const okSig = crypto.verify('RSA-SHA256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'));
  if (!okSig) return undefined;
  return JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { sub?: string };
}

export async function startLoopbackServer(options: LoopbackOptions = {}): Promise<LoopbackServer> {
  const users = options.users ?? { C360_TEST: 'test-password' };
  const roles = (options.roles ?? ['PUBLIC', 'SYSADMIN', 'C360_ROLE']).map((r) => r.toUpperCase());
  const warehouses = (options.warehouses ?? ['C360_WH', 'COMPUTE_WH']).map((w) => w.toUpperCase());
  const databases = (options.databases ?? ['CUSTOMER_ANALYTICS']).map((d) => d.toUpperCase());
  const sessions = new Map<string, Session>();
  const queries = new Map<string, QueryState>();
  const requests: RecordedRequest[] = [];
  const aborts: string[] = [];
  const cancelled: string[] = [];
  // One DuckDB connection: statements run one at a time, as in one Snowflake session.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };
  const account =
    options.account && options.backend
      ? new AccountEmulation({ backend: options.backend, ...options.account, serial, roles, warehouses, databases })
      : undefined;

  async function runSql(sql: string, session: Session, signal: AbortSignal): Promise<AccountAnswer> {
    // Snowflake takes leading comment lines before any statement (the scenes' SQL files start with one).
    const text = sql
      .replace(/^(?:\s*--[^\n]*\n)+/, '')
      .trim()
      .replace(/;\s*$/, '');
    const fromRows = (rows: Row[]) => ({ columns: rows[0] ? Object.keys(rows[0]) : [], rows });
    // SELECT CURRENT_ROLE(), CURRENT_WAREHOUSE(), ... answered from the session.
    const current = /^select\s+((?:current_\w+\(\)\s*,?\s*)+)$/i.exec(text);
    if (current) {
      const names = current[1]!
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);
      const value: Record<string, string | null> = {
        'CURRENT_ROLE()': session.role,
        'CURRENT_WAREHOUSE()': session.warehouse,
        'CURRENT_DATABASE()': session.database,
        'CURRENT_SCHEMA()': session.schema,
        'CURRENT_USER()': session.user,
        'CURRENT_ACCOUNT()': 'LOOPBACK',
        'CURRENT_ACCOUNT_NAME()': 'LOOPBACK',
        'CURRENT_ORGANIZATION_NAME()': 'LOOPBACK_ORG',
        'CURRENT_VERSION()': '9.0.0',
      };
      const row: Row = {};
      for (const n of names) row[n] = value[n] ?? null;
      return { columns: names, rows: [row] };
    }
    const wait = /^(?:select|call)\s+system\$wait\(\s*(\d+(?:\.\d+)?)\s*\)$/i.exec(text);
    if (wait) {
      const seconds = Number(wait[1]);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, seconds * 1000);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(new SqlError('SQL execution canceled', '000604', '57014'));
          },
          { once: true },
        );
      });
      return { columns: ['SYSTEM$WAIT'], rows: [{ SYSTEM$WAIT: `waited ${seconds} seconds` }] };
    }
    if (account) {
      const answer = await serial(() => account.handle(text, session, signal));
      if (answer) return answer;
    }
    const handlers = options.handlers ?? {};
    if (/^show\s+tasks\b/i.test(text)) {
      if (!handlers.showTasks) throw new SqlError('SHOW TASKS is not wired in this loopback server', '100000', '22000');
      const like = /\blike\s+'([^']*)'/i.exec(text)?.[1];
      const rows = await serial(() => handlers.showTasks!());
      return fromRows(like ? rows.filter((r) => String(r.name).toUpperCase() === like.toUpperCase()) : rows);
    }
    const exec = /^execute\s+task\s+("?[\w.$]+"?)$/i.exec(text);
    if (exec) {
      if (!handlers.executeTask) throw new SqlError('EXECUTE TASK is not wired in this loopback server', '100000', '22000');
      const name = exec[1]!.replace(/"/g, '').split('.').pop()!;
      return fromRows(await serial(() => handlers.executeTask!(name)));
    }
    if (/\btask_history\s*\(/i.test(text)) {
      if (!handlers.taskHistory) throw new SqlError('TASK_HISTORY is not wired in this loopback server', '100000', '22000');
      // INFORMATION_SCHEMA.TASK_HISTORY() names its columns in upper case (SHOW TASKS uses lower case).
      let rows = (await serial(() => handlers.taskHistory!(text))).map((r): Row => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toUpperCase(), v])));
      const start = /scheduled_time_range_start\s*=>\s*to_timestamp_\w+\(\s*'([^']+)'\s*\)/i.exec(text)?.[1];
      if (start) rows = rows.filter((r) => Date.parse(String(r.SCHEDULED_TIME)) >= Date.parse(start));
      // The table function becomes a CTE, so the caller's WHERE / ORDER BY / columns apply as on Snowflake.
      const outer = text.replace(/table\s*\(\s*(?:[\w$]+\.)*task_history\s*\((?:[^()]|\([^()]*\))*\)\s*\)/i, '_task_history');
      if (!options.backend || outer === text) return fromRows(rows);
      const backend = options.backend;
      return serial(async () => {
        const result = await backend.query(`WITH _task_history AS (${valuesSql(rows, TASK_HISTORY_COLUMNS)}) ${outer}`);
        return { columns: result.columns, rows: result.rows };
      });
    }
    if (!options.backend) throw new SqlError('no warehouse behind this loopback server', '100000', '22000');
    const backend = options.backend;
    const local = /^begin(\s+transaction)?$/i.test(text) ? 'BEGIN TRANSACTION' : text;
    return serial(async () => {
      const result = await backend.query(local);
      return { columns: result.columns, rows: result.rows };
    });
  }

  function resultBody(state: QueryState, result: AccountAnswer, session: Session): Record<string, unknown> {
    // PUT: where the driver is to copy the files (a LOCAL_FS stage); it builds the result rows itself.
    if ('fileTransfer' in result) return ok({ ...result.fileTransfer, queryId: state.id, parameters: [] });
    const { rowtype, rowset } = toRowset(result.columns, result.rows);
    return ok({
      parameters: [{ name: 'TIMEZONE', value: 'UTC' }],
      rowtype,
      rowset,
      total: rowset.length,
      returned: rowset.length,
      queryId: state.id,
      databaseProvider: null,
      finalDatabaseName: session.database,
      finalSchemaName: session.schema,
      finalWarehouseName: session.warehouse,
      finalRoleName: session.role,
      numberOfBinds: 0,
      arrayBindSupported: false,
      statementTypeId: 4096,
      version: 1,
      sendResultTime: Date.now(),
      queryResultFormat: 'json',
      queryContext: { entries: [] },
    });
  }

  function errorBody(state: QueryState, err: SqlError): Record<string, unknown> {
    return fail(err.code, err.message, { queryId: state.id, sqlState: err.sqlState, internalError: false, age: 0, type: 'COMPILATION' });
  }

  function startQuery(sql: string, requestId: string, session: Session): QueryState {
    const abort = new AbortController();
    const state = { id: crypto.randomUUID(), requestId, sql, status: 'RUNNING', abort } as QueryState;
    state.done = runSql(sql, session, abort.signal).then(
      (result) => {
        if (state.status === 'ABORTED') return;
        state.status = 'SUCCESS';
        state.body = resultBody(state, result, session);
      },
      (err: unknown) => {
        if (state.status === 'ABORTED') return;
        state.status = 'FAILED_WITH_ERROR';
        state.body = errorBody(state, toSqlError(err));
      },
    );
    queries.set(state.id, state);
    return state;
  }

  function abortQuery(state: QueryState | undefined): void {
    if (!state || state.status !== 'RUNNING') return;
    state.status = 'ABORTED';
    state.body = errorBody(state, new SqlError('SQL execution canceled', '000604', '57014'));
    cancelled.push(state.sql);
    state.abort.abort();
  }

  function login(body: { data?: Record<string, unknown> } | undefined, query: URLSearchParams): Record<string, unknown> {
    const data = body?.data ?? {};
    const user = String(data.LOGIN_NAME ?? '').toUpperCase();
    const authenticator = String(data.AUTHENTICATOR ?? 'SNOWFLAKE').toUpperCase();
    const knownUser = Object.keys(users).find((u) => u.toUpperCase() === user) ?? Object.keys(options.publicKeys ?? {}).find((u) => u.toUpperCase() === user);
    if (authenticator === 'SNOWFLAKE_JWT') {
      const key = knownUser ? options.publicKeys?.[knownUser] : undefined;
      const claims = key ? verifyJwt(String(data.TOKEN ?? ''), key) : undefined;
      if (!claims) return fail('390144', 'JWT token is invalid.', { authnMethod: 'KEY_PAIR', nextAction: 'RETRY_LOGIN' });
    } else if (!knownUser || users[knownUser] !== data.PASSWORD) {
      return fail('390100', 'Incorrect username or password was specified.', {
        authnMethod: 'USERNAME_PASSWORD',
        nextAction: 'RETRY_LOGIN',
        signInOptions: {},
      });
    }
    const role = (query.get('roleName') ?? 'PUBLIC').toUpperCase();
    if (!roles.includes(role)) {
      return fail(
        '390189',
        `Role '${role}' specified in the connect string does not exist or not authorized. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.`,
        { authnMethod: 'USERNAME_PASSWORD', nextAction: 'RETRY_LOGIN' },
      );
    }
    // As on Snowflake, an unknown warehouse or database does not fail the login: it is just not in use.
    const wh = query.get('warehouse')?.toUpperCase();
    const db = query.get('databaseName')?.toUpperCase();
    const session: Session = {
      user,
      role,
      warehouse: wh && warehouses.includes(wh) ? wh : null,
      database: db && databases.includes(db) ? db : null,
      schema: db && databases.includes(db) ? (query.get('schemaName')?.toUpperCase() ?? 'PUBLIC') : null,
    };
    const token = crypto.randomBytes(16).toString('hex');
    sessions.set(token, session);
    return ok({
      token,
      masterToken: crypto.randomBytes(16).toString('hex'),
      validityInSeconds: 3600,
      masterValidityInSeconds: 14400,
      sessionId: Math.floor(Math.random() * 1e12),
      parameters: [{ name: 'TIMEZONE', value: 'UTC' }],
      sessionInfo: { databaseName: session.database, schemaName: session.schema, warehouseName: session.warehouse, roleName: session.role },
      displayUserName: user,
      serverVersion: '9.0.0',
    });
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      requests.push({ method: req.method ?? 'GET', path: url.pathname + (url.searchParams.has('delete') ? '?delete=true' : ''), body });
      const send = (payload: unknown, status = 200) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const token = /Snowflake Token="([^"]+)"/.exec(req.headers.authorization ?? '')?.[1];
      const session = token ? sessions.get(token) : undefined;
      const p = url.pathname;
      if (p === '/session/v1/login-request') {
        send(login(body as { data?: Record<string, unknown> }, url.searchParams));
        return;
      }
      if (p === '/telemetry/send' || p === '/session/heartbeat') {
        send(ok(null));
        return;
      }
      if (p === '/session' && url.searchParams.get('delete') === 'true') {
        if (token) sessions.delete(token);
        send(ok(null));
        return;
      }
      if (!session) {
        send(fail('390104', 'Invalid session token. Please log in again.'));
        return;
      }
      if (p === '/queries/v1/query-request') {
        const b = (body ?? {}) as { sqlText?: string; asyncExec?: boolean };
        const state = startQuery(b.sqlText ?? '', url.searchParams.get('requestId') ?? '', session);
        if (b.asyncExec) {
          // A short statement is done by the time the client first asks (as on Snowflake, where the
          // submit takes that long anyway): its first status check finds it finished.
          await Promise.race([state.done, new Promise((r) => setTimeout(r, 20))]);
          send({
            success: true,
            code: '333334',
            message: 'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.',
            data: { queryId: state.id, getResultUrl: `/queries/${state.id}/result` },
          });
          return;
        }
        await state.done;
        send(state.body);
        return;
      }
      const monitor = /^\/monitoring\/queries\/([^/]+)$/.exec(p);
      if (monitor) {
        const state = queries.get(monitor[1]!);
        if (!state) {
          send(ok({ queries: [] }));
          return;
        }
        const err = state.status === 'FAILED_WITH_ERROR' || state.status === 'ABORTED' ? (state.body as { message?: string; code?: string }) : undefined;
        send(ok({ queries: [{ id: state.id, status: state.status, sqlText: state.sql, ...(err ? { errorCode: err.code, errorMessage: err.message } : {}) }] }));
        return;
      }
      const result = /^\/queries\/([^/]+)\/result$/.exec(p);
      if (result) {
        const state = queries.get(result[1]!);
        if (!state) {
          send(fail('000709', `Statement ${result[1]} not found`));
          return;
        }
        if (state.status === 'RUNNING') {
          await Promise.race([state.done, new Promise((r) => setTimeout(r, 1000))]);
          if (state.status === 'RUNNING') {
            send({
              success: true,
              code: '333333',
              message: 'Query execution in progress',
              data: { queryId: state.id, getResultUrl: `/queries/${state.id}/result` },
            });
            return;
          }
        }
        send(state.body);
        return;
      }
      const abortById = /^\/queries\/([^/]+)\/abort-request$/.exec(p);
      if (abortById || p === '/queries/v1/abort-request') {
        const id = abortById ? abortById[1]! : ((body as { requestId?: string } | undefined)?.requestId ?? '');
        aborts.push(id);
        abortQuery(abortById ? queries.get(id) : [...queries.values()].find((q) => q.requestId === id));
        send(ok(null));
        return;
      }
      send(fail('000000', `loopback server: no handler for ${req.method} ${p}`), 404);
    })().catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(fail('000000', String(err))));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    requests,
    aborts,
    cancelled,
    account,
    async close() {
      account?.close();
      for (const q of queries.values()) abortQuery(q);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A server that accepts connections and never answers: for the connect-timeout test. */
export async function startSilentServer(): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * SHOW TASKS / EXECUTE TASK / TASK_HISTORY answered by the local task emulation.
 * EXECUTE TASK returns at once, as on Snowflake, and the graph run goes on in the background
 * (TASK_HISTORY shows it live); `runs` holds those runs so a test can wait for them.
 */
export function localTaskHandlers(
  backend: Backend,
  options: ({ runner: LocalTaskRunner } | { config: RunConfig }) & { runs?: Promise<unknown>[] },
): TaskHandlers {
  return {
    async showTasks() {
      return (await showTasksLocal(backend)) as unknown as Row[];
    },
    async executeTask(name) {
      // Resolve once the run is under way (its first TASK_HISTORY row exists), or fail as the run fails to start.
      await new Promise<void>((resolve, reject) => {
        const run = executeTaskLocal(backend, name, {
          ...('runner' in options ? { runner: options.runner } : { config: options.config }),
          onProgress: () => resolve(),
        });
        options.runs?.push(run.catch(() => undefined));
        run.then(() => resolve(), reject);
      });
      return [{ status: `Task ${name.toUpperCase()} is scheduled to run immediately.` }];
    },
    async taskHistory(sql) {
      const limit = /result_limit\s*=>\s*(\d+)/i.exec(sql)?.[1];
      const name = /task_name\s*=>\s*'([^']+)'/i.exec(sql)?.[1];
      return (await taskHistoryLocal(backend, { limit: limit ? Number(limit) : undefined, name })) as unknown as Row[];
    },
  };
}
