import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Backend, QueryOptions, QueryResult, Row } from '../backend.js';
import { BackendUnavailableError, InterruptedError, UserError } from '../../cli/errors.js';
import { toSqlValue } from './values.js';

/** The catalog name the warehouse file is attached under, so `CUSTOMER_ANALYTICS.GOLD.X` reads as on Snowflake. */
export const DATABASE_NAME = 'CUSTOMER_ANALYTICS';
export const WAREHOUSE_FILE = 'warehouse.duckdb';

export interface LocalBackendOptions {
  dataDir: string;
  readOnly?: boolean;
  /** DuckDB memory limit; keeps the process under the RSS budget at full scale. */
  memoryLimit?: string;
}

export function warehousePath(dataDir: string): string {
  return path.join(dataDir, WAREHOUSE_FILE);
}

/** Makes sure the data dir exists (creating only the last level) and is writable. */
export function ensureDataDir(dataDir: string): void {
  const parent = path.dirname(path.resolve(dataDir));
  if (!fs.existsSync(parent)) {
    throw new UserError(`data dir parent does not exist: ${parent} (create it, or pass another --data-dir)`);
  }
  if (!fs.existsSync(dataDir)) {
    try {
      fs.mkdirSync(dataDir);
    } catch (err) {
      throw new UserError(`cannot create data dir ${dataDir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  try {
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch {
    throw new UserError(`data dir is not writable: ${dataDir}`);
  }
}

/** Turns DuckDB's open/attach failures into messages a presenter can act on. */
function explainOpenError(file: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new BackendUnavailableError(
      `the warehouse ${file} is in use by another process${pid ? ` (PID ${pid})` : ''}`,
      'close the other c360-demo (or whatever holds the file) and try again',
    );
  }
  if (/not a valid DuckDB database|Corrupt|checksum|Serialization|Invalid Input Error.*database|IO Error.*(read|header)/i.test(message)) {
    return new BackendUnavailableError(
      `the warehouse ${file} is damaged or not a DuckDB database (${message.split('\n')[0]})`,
      'run the command again with --fresh to move it aside and build a new one',
    );
  }
  return new BackendUnavailableError(`cannot open the warehouse ${file}: ${message.split('\n')[0]}`);
}

function isInterrupt(err: unknown): boolean {
  return err instanceof Error && /INTERRUPT/i.test(err.message);
}

export class LocalDuckDbBackend implements Backend {
  readonly kind = 'local' as const;
  readonly description: string;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly file: string,
    /** A second connection shares the instance: closing it leaves the instance open. */
    private readonly ownsInstance = true,
  ) {
    this.description = `local DuckDB ${file}`;
  }

  /**
   * Another connection to the same open warehouse. It reads the last committed state while this
   * one writes (DuckDB's MVCC), so a presenter can show data during a long run.
   */
  async sibling(): Promise<LocalDuckDbBackend> {
    const connection = await this.instance.connect();
    await connection.run(`USE ${DATABASE_NAME}`);
    return new LocalDuckDbBackend(this.instance, connection, this.file, false);
  }

  static async open(options: LocalBackendOptions): Promise<LocalDuckDbBackend> {
    const file = warehousePath(options.dataDir);
    if (options.readOnly) {
      if (!fs.existsSync(file)) {
        throw new BackendUnavailableError(`no warehouse at ${file} yet`, 'run `c360-demo pipeline --scale test` to build one');
      }
    } else {
      ensureDataDir(options.dataDir);
    }
    // An in-memory instance with the file ATTACHed under the Snowflake database's name: the same
    // three-part names work on both backends.
    const instance = await DuckDBInstance.create(':memory:', {
      memory_limit: options.memoryLimit ?? '1GB',
      temp_directory: path.join(options.readOnly ? path.dirname(file) : options.dataDir, '.tmp'),
    });
    const connection = await instance.connect();
    try {
      const escaped = file.replace(/'/g, "''");
      await connection.run(`ATTACH '${escaped}' AS ${DATABASE_NAME}${options.readOnly ? ' (READ_ONLY)' : ''}`);
      await connection.run(`USE ${DATABASE_NAME}`);
    } catch (err) {
      connection.closeSync();
      instance.closeSync();
      throw explainOpenError(file, err);
    }
    return new LocalDuckDbBackend(instance, connection, file);
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    const started = performance.now();
    const reader = await this.withCancel(options.signal, () => this.connection.runAndReadAll(sql));
    const columns = reader.columnNames();
    const types = reader.columnTypes();
    const rows: Row[] = reader.getRowObjectsJS().map((raw) => {
      const row: Row = {};
      columns.forEach((name, i) => {
        row[name] = toSqlValue(raw[name], types[i]);
      });
      return row;
    });
    return { columns, rows, elapsedMs: performance.now() - started };
  }

  async execute(sql: string, options: QueryOptions = {}): Promise<void> {
    await this.withCancel(options.signal, () => this.connection.run(sql));
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.connection.run('COMMIT');
      return result;
    } catch (err) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /** The raw DuckDB connection, for the few places that need the appender API. */
  get duckdb(): DuckDBConnection {
    return this.connection;
  }

  /** Stops whatever statement is running; it fails with an interrupt error. */
  interrupt(): void {
    this.connection.interrupt();
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }

  private async withCancel<T>(signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
    if (signal?.aborted) throw new InterruptedError();
    const onAbort = () => this.connection.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await run();
    } catch (err) {
      if (signal?.aborted || isInterrupt(err)) throw new InterruptedError();
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
