import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, DuckDBTypeId, JSDuckDBValueConverter, type DuckDBConnection, type DuckDBResultReader, type DuckDBType } from '@duckdb/node-api';
import type { Backend, ColumnarResult, Pack, QueryOptions, QueryResult, Row, RowStream, SqlValue } from '../backend.js';
import { BackendUnavailableError, ExitCode, InterruptedError, UserError } from '../../core/errors.js';
import { toSqlValue } from './values.js';
import { warehousePath } from './warehouse-file.js';
import type { DialectSession, EmulatedObjects } from '../../warehouse/snowflake-dialect/index.js';

/** The catalog name the warehouse file is attached under, so `CUSTOMER_ANALYTICS.GOLD.X` reads as on Snowflake. */
export const DATABASE_NAME = 'CUSTOMER_ANALYTICS';
export { WAREHOUSE_FILE, warehousePath } from './warehouse-file.js';

export interface LocalBackendOptions {
  /** The pack's own folder in the data dir: `<data dir>/<pack>`. */
  dataDir: string;
  pack: Pack;
  readOnly?: boolean;
  /**
   * For connections that run SQL a person typed: the warehouse is attached READ_ONLY and the
   * connection is sealed (no file access, configuration locked), so nothing it runs can write.
   */
  sealed?: boolean;
  /** DuckDB memory limit; keeps the process under the RSS budget at full scale. */
  memoryLimit?: string;
  /**
   * The Snowflake objects the local emulation stands in for (tasks, streams, the dbt project), for
   * typed statements that name them (SHOW TASKS, a stream selected by its name). Read only when
   * such a statement first runs.
   */
  emulatedObjects?: () => EmulatedObjects | Promise<EmulatedObjects>;
}

/**
 * What DuckDB may use for its buffers. The process also holds Node's heap, the churn model's rows
 * and DuckDB's allocations outside the buffer pool: 640 MB keeps the full-scale pipeline near
 * 1 GiB of RSS; the big aggregations spill to the data dir's .tmp instead of growing.
 */
const DEFAULT_MEMORY_LIMIT = '640MB';
/** Every DuckDB this product and its CI cross-checks use (Python's duckdb==1.5.6 included) reads it. */
const WAREHOUSE_STORAGE_VERSION = 'v1.5.0';
/** One DuckDB thread per core: more only adds hash tables (memory) without adding speed. */
const DEFAULT_THREADS = Math.max(1, os.availableParallelism());

/**
 * Makes sure a pack's folder `<data dir>/<pack>` exists and is writable: the data dir is created
 * when its own parent exists (a mistyped deep path is refused rather than built).
 */
export function ensureDataDir(dataDir: string): void {
  const root = path.dirname(path.resolve(dataDir));
  const parent = path.dirname(root);
  if (!fs.existsSync(parent)) {
    throw new UserError(`data dir parent does not exist: ${parent} (create it, or pass another --data-dir)`);
  }
  for (const dir of [root, dataDir]) {
    if (fs.existsSync(dir)) continue;
    try {
      fs.mkdirSync(dir);
    } catch (err) {
      throw new UserError(`cannot create data dir ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  try {
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch {
    throw new UserError(`data dir is not writable: ${dataDir}`);
  }
}

const REBUILD_HINT = 'move it aside and build a new one: c360-demo pipeline --fresh (add --scale test for a quick one)';

/**
 * Storage trouble DuckDB reports on open or in the middle of a statement (a damaged file, a full
 * or read-only disk, missing permissions, a commit that failed): one line a presenter can act on,
 * exit 3. Anything else is left to the caller.
 */
export function storageProblem(file: string, err: unknown): BackendUnavailableError | undefined {
  const message = err instanceof Error ? err.message : String(err);
  const first = message.split('\n')[0]!;
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new BackendUnavailableError(
      `the warehouse ${file} is in use by another process${pid ? ` (PID ${pid})` : ''}`,
      'close the other c360-demo (or whatever holds the file) and try again',
    );
  }
  if (/No space left on device|ENOSPC|Disk quota exceeded/i.test(message)) {
    return new BackendUnavailableError(
      `the disk holding ${path.dirname(file)} is full; nothing was committed (${first})`,
      'free some space and run the command again',
    );
  }
  if (/Read-only file system|EROFS/i.test(message)) {
    return new BackendUnavailableError(`the warehouse ${file} is on a read-only file system (${first})`, 'use a writable --data-dir');
  }
  if (/Permission denied|Operation not permitted|EACCES|EPERM/i.test(message)) {
    return new BackendUnavailableError(
      `no permission to use the warehouse ${file} (${first})`,
      'check the file and folder permissions, or use another --data-dir',
    );
  }
  if (/Corrupt|checksum|not a valid DuckDB database|database has been invalidated|Serialization Error|INTERNAL Error|IO Error.*(read|header)/i.test(message)) {
    return new BackendUnavailableError(`the warehouse ${file} is damaged or not a DuckDB database (${first})`, REBUILD_HINT);
  }
  if (/TransactionContext Error|Failed to commit/i.test(message)) {
    return new BackendUnavailableError(`the warehouse ${file} could not commit; nothing of this change was kept (${first})`);
  }
  return undefined;
}

/** Turns DuckDB's open/attach failures into messages a presenter can act on. */
function explainOpenError(file: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (/Invalid Input Error.*database/i.test(message)) {
    return new BackendUnavailableError(`the warehouse ${file} is damaged or not a DuckDB database (${message.split('\n')[0]})`, REBUILD_HINT);
  }
  return storageProblem(file, err) ?? new BackendUnavailableError(`cannot open the warehouse ${file}: ${message.split('\n')[0]}`);
}

function toRow(raw: Record<string, unknown>, columns: string[], types: DuckDBType[]): Row {
  const row: Row = {};
  columns.forEach((name, i) => {
    row[name] = toSqlValue(raw[name], types[i]);
  });
  return row;
}

function readerRows(reader: DuckDBResultReader): { columns: string[]; rows: Row[] } {
  const columns = reader.columnNames();
  const types = reader.columnTypes();
  return { columns, rows: reader.getRowObjectsJS().map((raw) => toRow(raw, columns, types)) };
}

/** Column types whose vectors already hold JSON-safe values (numbers, strings, booleans): read as they are. */
const PLAIN_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.VARCHAR,
]);

function isInterrupt(err: unknown): boolean {
  return err instanceof Error && /INTERRUPT/i.test(err.message);
}

export class LocalDuckDbBackend implements Backend {
  readonly kind = 'local' as const;
  readonly description: string;
  /** Set up on the first typed statement: Snowflake's dialect for this connection. */
  private dialect: Promise<DialectSession> | undefined;

  private constructor(
    private readonly instance: DuckDBInstance,
    /** The buffer limit the instance was opened with. */
    private readonly memoryLimit: string,
    private readonly connection: DuckDBConnection,
    readonly file: string,
    readonly pack: Pack,
    /** A second connection shares the instance: closing it leaves the instance open. */
    private readonly ownsInstance = true,
    private readonly emulatedObjects?: () => EmulatedObjects | Promise<EmulatedObjects>,
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
    return new LocalDuckDbBackend(this.instance, this.memoryLimit, connection, this.file, this.pack, false, this.emulatedObjects);
  }

  static async open(options: LocalBackendOptions): Promise<LocalDuckDbBackend> {
    if (fs.existsSync(options.dataDir) && !fs.statSync(options.dataDir).isDirectory()) {
      throw new UserError(`--data-dir ${options.dataDir} is a file, not a folder`, ExitCode.badInput, 'pass a folder (it is created if missing)');
    }
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
    const readOnly = options.readOnly === true || options.sealed === true;
    const memoryLimit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
    const instance = await DuckDBInstance.create(':memory:', {
      memory_limit: memoryLimit,
      threads: String(DEFAULT_THREADS),
      // Memory outside the buffer pool: the allocator's background thread hands freed memory back
      // to the OS while work goes on, and bulk writes buffer one row group per thread instead of
      // five. Together they take about 90 MiB off the full-scale dbt build's peak RSS.
      allocator_background_threads: 'true',
      write_buffer_row_group_count: '1',
      // A warehouse file created here uses DuckDB 1.5's storage format rather than the 0.10-era
      // default kept for older readers: text columns get its dictionary-plus-FSST encoding, and
      // writing the 11M-row fact table takes a third less CPU. A file that already exists keeps
      // the format it was created with.
      storage_compatibility_version: WAREHOUSE_STORAGE_VERSION,
      temp_directory: path.join(readOnly ? path.dirname(file) : options.dataDir, '.tmp'),
    });
    const connection = await instance.connect();
    try {
      const escaped = file.replace(/'/g, "''");
      await connection.run(`ATTACH '${escaped}' AS ${DATABASE_NAME}${readOnly ? ' (READ_ONLY)' : ''}`);
      await connection.run(`USE ${DATABASE_NAME}`);
      if (options.sealed) {
        const { sealConnection } = await import('../../warehouse/read-only.js');
        await sealConnection(connection);
      }
    } catch (err) {
      connection.closeSync();
      instance.closeSync();
      throw explainOpenError(file, err);
    }
    return new LocalDuckDbBackend(instance, memoryLimit, connection, file, options.pack, true, options.emulatedObjects);
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    const started = performance.now();
    const reader = await this.withCancel(options.signal, () => this.connection.runAndReadAll(sql));
    return { ...readerRows(reader), elapsedMs: performance.now() - started };
  }

  async queryColumns(sql: string, options: QueryOptions = {}): Promise<ColumnarResult> {
    // Streamed a chunk at a time: a materialised result would stay in DuckDB's memory until the
    // garbage collector happens to finalise its handle, long after the values were read.
    const result = await this.withCancel(options.signal, () => this.connection.stream(sql));
    const columns = result.columnNames();
    const types = result.columnTypes();
    // Filled by push, in order: `new Array(n)` of more than 100,000 slots is a dictionary in V8
    // (slow, and every number boxed), and a numeric column pushed in order stays unboxed doubles.
    const values: SqlValue[][] = columns.map(() => []);
    let rowCount = 0;
    for (;;) {
      const chunk = await this.withCancel(options.signal, () => result.fetchChunk());
      if (!chunk || chunk.rowCount === 0) break;
      const size = chunk.rowCount;
      types.forEach((type, k) => {
        const out = values[k]!;
        if (PLAIN_TYPES.has(type.typeId)) {
          // Straight from the vector: no conversion object per value (this reads ~200,000 rows of dozens of columns).
          const vector = chunk.getColumnVector(k);
          for (let i = 0; i < size; i++) out.push(vector.getItem(i) as SqlValue);
        } else {
          for (const v of chunk.convertColumnValues(k, JSDuckDBValueConverter)) out.push(toSqlValue(v, type));
        }
      });
      rowCount += size;
    }
    return { columns, rowCount, values };
  }

  async prepareUserQueries(): Promise<void> {
    const { loadTranslator } = await import('../../warehouse/snowflake-dialect/translate.js');
    await Promise.all([this.dialectSession(), loadTranslator()]);
  }

  private async dialectSession(): Promise<DialectSession> {
    const { prepareDialectSession } = await import('../../warehouse/snowflake-dialect/index.js');
    this.dialect ??= prepareDialectSession(this.connection, DATABASE_NAME, this.pack.schemas, this.emulatedObjects);
    return this.dialect;
  }

  async runUserQuery(sql: string, options: QueryOptions = {}): Promise<RowStream> {
    const { prepareTypedQuery } = await import('../../warehouse/snowflake-dialect/index.js');
    // Snowflake's dialect is translated first, and the read-only guard checks the statement that
    // runs. Reading the catalog to bind a statement can be where a damaged file first shows.
    const prepared = await prepareTypedQuery(this.connection, sql, await this.dialectSession()).catch((err: unknown) => {
      throw storageProblem(this.file, err) ?? err;
    });
    const result = await this.withCancel(options.signal, () => prepared.stream());
    const columns = result.columnNames();
    const types = result.columnTypes();
    const chunks = result.yieldRowObjectJs();
    const withCancel = this.withCancel.bind(this);
    // One DuckDB chunk (2,048 rows) at a time: a result of any size streams in bounded memory.
    async function* batches(): AsyncGenerator<Row[]> {
      for (;;) {
        const next = await withCancel(options.signal, () => chunks.next());
        if (next.done) return;
        yield next.value.map((raw) => toRow(raw, columns, types));
      }
    }
    return { columns, batches: batches() };
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
      throw storageProblem(this.file, err) ?? err;
    }
  }

  /**
   * Runs `work` with DuckDB's buffer limit at `limit` (for the whole instance), then puts back the
   * limit the warehouse was opened with: for work whose own memory outside DuckDB is large.
   */
  async withMemoryLimit<T>(limit: string, work: () => Promise<T>): Promise<T> {
    await this.connection.run(`SET memory_limit = '${limit.replace(/'/g, "''")}'`);
    try {
      return await work();
    } finally {
      await this.connection.run(`SET memory_limit = '${this.memoryLimit.replace(/'/g, "''")}'`).catch(() => undefined);
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
    // Closing checkpoints the file, synchronously: done first as a statement, that work runs off
    // the event loop, so signals and timers still answer while a large write is folded in. A
    // read-only warehouse or a busy sibling refuses it; closing then does what is left.
    if (this.ownsInstance) await this.connection.run('CHECKPOINT').catch(() => undefined);
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
      throw storageProblem(this.file, err) ?? err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
