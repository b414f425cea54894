import type { Pack } from '../core/pack.js';

export type { Pack };

/**
 * The one interface both warehouses implement: the embedded DuckDB file (local) and a Snowflake
 * account (snowflake). Everything above this line - pipeline, dbt runner, ML, scenes - talks SQL
 * through it and does not care which one answers.
 */
export type SqlValue = string | number | boolean | null | SqlValue[] | { [key: string]: SqlValue };
export type Row = Record<string, SqlValue>;

export interface QueryResult {
  columns: string[];
  rows: Row[];
  /** Wall-clock milliseconds the statement took. */
  elapsedMs: number;
}

export interface ProgressEvent {
  /** What is being worked on, e.g. "generate transactions". */
  stage: string;
  /** 0..1 when known. */
  fraction?: number;
  message?: string;
}

export type ProgressListener = (event: ProgressEvent) => void;

export interface QueryOptions {
  /** Aborting cancels the statement (on Snowflake: on the server too). */
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/** A result read column by column: `values[k][i]` is column k of row i. */
export interface ColumnarResult {
  columns: string[];
  rowCount: number;
  values: SqlValue[][];
}

/** Rows of a result that may be too large to hold: the columns first, then the rows in batches. */
export interface RowStream {
  columns: string[];
  batches: AsyncIterable<Row[]>;
}

export type BackendKind = 'local' | 'snowflake';

export interface Backend {
  readonly kind: BackendKind;
  /** Human-readable description for banners: "local DuckDB .c360/credit-card/warehouse.duckdb". */
  readonly description: string;
  /** The pack whose warehouse this is: its task graph, stream keys and schemas answer for it. */
  readonly pack: Pack;
  /** Runs one statement and returns its rows (values JSON-safe: numbers, strings, booleans, null). */
  query(sql: string, options?: QueryOptions): Promise<QueryResult>;
  /**
   * The same as `query`, column by column, for results of many rows and columns (the churn
   * model's features): no object per row. Optional: without it, callers transpose `query`'s rows.
   */
  queryColumns?(sql: string, options?: QueryOptions): Promise<ColumnarResult>;
  /**
   * Runs `work` with the engine's buffer limit lowered to `limit`, then restores it: for stages
   * whose own memory outside the engine is large. Optional: a remote warehouse has no such limit here.
   */
  withMemoryLimit?<T>(limit: string, work: () => Promise<T>): Promise<T>;
  /**
   * Runs one statement a person typed, through the read-only guard (`warehouse/read-only.ts`):
   * anything but one query is refused with exit 2 before it runs. Rows stream in batches.
   */
  runUserQuery(sql: string, options?: QueryOptions): Promise<RowStream>;
  /**
   * Gets ready for `runUserQuery` (the Snowflake-dialect translator and session, locally) so that
   * the first query typed answers as fast as the next. Optional: a backend with nothing to prepare
   * leaves it out.
   */
  prepareUserQueries?(): Promise<void>;
  /** Runs a script of one or more statements, discarding results. */
  execute(sql: string, options?: QueryOptions): Promise<void>;
  /** Runs `work` inside a transaction: all of it commits, or none of it does. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
