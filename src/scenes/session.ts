import type { Backend, ProgressEvent } from '../backends/backend.js';
import type { RunConfig, ScaleName } from '../core/config.js';
import { BackendRunner, type RunHooks, type SceneRunner } from './runner.js';
import type { Scene } from './schema.js';
import type { SceneResult } from './types.js';
import { buildWarehouse, warehouseState } from './warehouse.js';
import { queryErrorLine, runCellQuery, type CellResult, type RecordedQuery } from './cell-query.js';

/** Which kind of warehouse produced a result: the tag the presenter sees next to it. */
export type SourceTag = 'local' | 'snowflake' | 'replay';

/** What the presenter knows about the warehouse it talks to: a label and what it may offer. */
export interface WarehouseInfo {
  /** "local DuckDB .c360/warehouse.duckdb", "snowflake ab12345 …", "replay of FILE". */
  label: string;
  tag: SourceTag;
  /** Why this warehouse is the one in use (the `auto` fallback), shown for the whole session. */
  notice?: string;
  /** Whether the warehouse has the tables the scenes read. */
  data: { status: 'ready' } | { status: 'empty'; detail: string };
  /** The warehouse in use is local, so the empty-warehouse build offer can build it. */
  canBuild: boolean;
  /** A local warehouse can stand in when this one fails (`l` for one scene, `L` for the rest). */
  safetyNet: boolean;
}

export type RunTarget = 'primary' | 'local';

export interface TaggedResult {
  result: SceneResult;
  tag: SourceTag;
}

/** What a query typed in the SQL cell returned, and which warehouse answered it. */
export interface TaggedQueryResult {
  result: CellResult;
  tag: SourceTag;
}

/**
 * The presenter's only view of the warehouse. The TUI calls these and shows the label and tag;
 * which backend answers, how it is opened and locked, is decided here.
 */
export interface PresenterWarehouse {
  /** Shown in the header until `open` settles. */
  readonly pendingLabel: string;
  open(): Promise<WarehouseInfo>;
  run(scene: Scene, hooks: RunHooks, target: RunTarget): Promise<TaggedResult>;
  build(scale: ScaleName, onProgress: (e: ProgressEvent) => void, signal: AbortSignal): Promise<WarehouseInfo>;
  /** `L`: the local warehouse answers from now on. */
  switchToLocal(): Promise<WarehouseInfo>;
  close(): Promise<void>;
  /** Runs one query typed in the SQL cell through the read-only guard, on the warehouse in use. */
  query(sql: string, options: { sceneId: string; signal?: AbortSignal }): Promise<TaggedQueryResult>;
  /** A replay: the queries typed on `sceneId` during the recorded talk, in the order they ran. */
  recordedQueries?(sceneId: string): RecordedQuery[];
  /** The SQL cell opened: get the warehouse ready for what will be typed (best effort, never fails). */
  prepareQueries?(): void;
}

export interface SessionConfig {
  config: RunConfig;
  timeoutMs: number;
  /** Forces the local warehouse (rehearse mode). */
  localOnly?: boolean;
  /** Opens Snowflake (throws when it cannot); injected so tests need no network. */
  openSnowflake?: () => Promise<Backend>;
  isSnowflakeConfigured?: () => Promise<boolean>;
  openLocal?: (readOnly: boolean) => Promise<Backend>;
  /** Called with every result as it arrives (the recording). */
  onResult?: (result: SceneResult, tag: SourceTag) => void;
  /** Called with every query typed in the SQL cell, once it has answered or failed (the recording). */
  onQuery?: (query: RecordedQuery) => void;
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

/** Picks the warehouse (local, Snowflake, or `auto`) and keeps a local one as the safety net. */
export class BackendSession implements PresenterWarehouse {
  readonly pendingLabel: string;
  private readonly local: BackendRunner;
  private snowflake: BackendRunner | undefined;
  private active: 'local' | 'snowflake' = 'local';
  private notice: string | undefined;

  constructor(private readonly config: SessionConfig) {
    const options = config.config;
    // Reads go through a read-only connection, so `c360-demo sql` works in another terminal
    // while the talk runs; only actions that write take the lock, and only while they write.
    // The reader is sealed as `c360-demo sql`'s is (no file access, configuration locked): what
    // is typed in the SQL cell runs on it.
    const openLocal =
      config.openLocal ??
      (async (readOnly: boolean) =>
        (await import('../backends/open.js')).openLocal(options, {
          readOnly,
          sealed: readOnly,
          // The SQL cell's SHOW TASKS and streams by name, in Snowflake's dialect (docs/snowflake-dialect.md).
          ...(readOnly ? { emulatedObjects: async () => (await import('../orchestration/local/objects.js')).localEmulatedObjects(options) } : {}),
        }));
    this.local = new BackendRunner({ open: () => openLocal(true), openForWrite: () => openLocal(false), config: { ...options, backend: 'local' }, timeoutMs: config.timeoutMs });
    const wantsSnowflake = !config.localOnly && options.backend !== 'local';
    this.pendingLabel = wantsSnowflake ? (options.backend === 'snowflake' ? 'connecting to Snowflake…' : 'checking for Snowflake…') : `local DuckDB ${localFile(options)}`;
  }

  async open(): Promise<WarehouseInfo> {
    const options = this.config.config;
    if (this.config.localOnly || options.backend === 'local') return this.localInfo();
    const configured = options.backend === 'snowflake' || (await (this.config.isSnowflakeConfigured ?? (() => defaultIsConfigured(options)))());
    if (!configured) return this.localInfo();
    const openSnowflake = this.config.openSnowflake ?? (async () => (await import('../backends/snowflake/index.js')).openSnowflakeBackend(options));
    this.snowflake = new BackendRunner({ open: openSnowflake, config: { ...options, backend: 'snowflake' }, timeoutMs: this.config.timeoutMs });
    this.active = 'snowflake';
    try {
      const backend = await this.snowflake.getBackend();
      return { label: backend.description, tag: 'snowflake', data: { status: 'ready' }, canBuild: false, safetyNet: true };
    } catch (err) {
      if (options.backend === 'auto') {
        this.active = 'local';
        this.notice = `Snowflake is not reachable (${firstLine(err)}); using the local warehouse instead`;
        return this.localInfo();
      }
      // Asked for Snowflake by name: stay on it (r retries), with the local warehouse one key away.
      return { label: 'Snowflake (not reachable)', tag: 'snowflake', notice: `Snowflake is not reachable (${firstLine(err)}): l shows a scene from the local warehouse, L switches to it`, data: { status: 'ready' }, canBuild: false, safetyNet: true };
    }
  }

  async run(scene: Scene, hooks: RunHooks, target: RunTarget): Promise<TaggedResult> {
    const useLocal = target === 'local' || this.active === 'local' || !this.snowflake;
    const runner = useLocal ? this.local : this.snowflake!;
    const result = await runner.run(scene, hooks);
    const tag: SourceTag = useLocal ? 'local' : 'snowflake';
    this.config.onResult?.(result, tag);
    return { result, tag };
  }

  async build(scale: ScaleName, onProgress: (e: ProgressEvent) => void, signal: AbortSignal): Promise<WarehouseInfo> {
    if (this.active !== 'local') throw new Error('only the local warehouse can be built from the presenter');
    await this.local.withBackend((b) => buildWarehouse(b, this.config.config, scale, onProgress, signal), { write: true, onProgress });
    return this.localInfo();
  }

  async switchToLocal(): Promise<WarehouseInfo> {
    this.active = 'local';
    this.notice = 'switched to the local warehouse for the rest of the session (L)';
    return this.localInfo();
  }

  async query(sql: string, options: { sceneId: string; signal?: AbortSignal }): Promise<TaggedQueryResult> {
    const useLocal = this.active === 'local' || !this.snowflake;
    const runner = useLocal ? this.local : this.snowflake!;
    const at = new Date().toISOString();
    try {
      const result = await runner.read((backend) => runCellQuery(backend, sql, options.signal));
      this.config.onQuery?.({ sceneId: options.sceneId, sql, at, result });
      return { result, tag: useLocal ? 'local' : 'snowflake' };
    } catch (err) {
      if (!options.signal?.aborted) this.config.onQuery?.({ sceneId: options.sceneId, sql, at, error: queryErrorLine(err) });
      throw err;
    }
  }

  prepareQueries(): void {
    if (this.active !== 'local' && this.snowflake) return;
    // While the presenter types, the translator loads: the first query then answers like the next.
    this.local.read(async (backend) => backend.prepareUserQueries?.()).catch(() => undefined);
  }

  async close(): Promise<void> {
    // Quitting must not hang on a Snowflake that stopped answering (the driver retries for minutes).
    const bounded = (p: Promise<void> | undefined) => (p ? Promise.race([p.catch(() => undefined), new Promise<void>((r) => setTimeout(r, 2_000).unref())]) : undefined);
    await Promise.all([this.local.close().catch(() => undefined), bounded(this.snowflake?.close())]);
  }

  private async localInfo(): Promise<WarehouseInfo> {
    const base = { label: `local DuckDB ${localFile(this.config.config)}`, tag: 'local' as const, notice: this.notice, canBuild: true, safetyNet: false };
    try {
      const state = await this.local.withBackend((b) => warehouseState(b));
      const { generated, modelled } = this.config.config.pack.built;
      if (!state.generated) return { ...base, data: { status: 'empty', detail: `no ${generated} table` } };
      if (!state.modelled) return { ...base, data: { status: 'empty', detail: `${state.entities ?? 0} ${this.config.config.pack.entity} in ${generated} but no ${modelled}` } };
      return { ...base, data: { status: 'ready' } };
    } catch (err) {
      if (/no warehouse at/.test(firstLine(err))) return { ...base, data: { status: 'empty', detail: 'no warehouse file yet' } };
      throw err;
    }
  }
}

/** Presents from a recording (or any runner that needs no warehouse). */
export class RunnerSession implements PresenterWarehouse {
  readonly pendingLabel: string;
  constructor(
    private readonly runner: SceneRunner,
    /** The queries typed in the SQL cell during the recorded talk. */
    private readonly queries: RecordedQuery[] = [],
  ) {
    this.pendingLabel = runner.description;
  }
  /** A replay runs no SQL: a query typed during the recorded talk answers with what it returned then. */
  query(sql: string): Promise<TaggedQueryResult> {
    const wanted = normalise(sql);
    const recorded = [...this.queries].reverse().find((q) => normalise(q.sql) === wanted);
    if (!recorded) return Promise.reject(new Error('a replay runs no SQL, and this query was not typed during the recorded talk (↑ lists those)'));
    if (recorded.error !== undefined || !recorded.result) return Promise.reject(new Error(recorded.error ?? 'the recorded query has no result'));
    return Promise.resolve({ result: recorded.result, tag: 'replay' });
  }
  recordedQueries(sceneId: string): RecordedQuery[] {
    return this.queries.filter((q) => q.sceneId === sceneId);
  }
  open(): Promise<WarehouseInfo> {
    return Promise.resolve({ label: this.runner.description, tag: this.runner.kind, data: { status: 'ready' }, canBuild: false, safetyNet: false });
  }
  async run(scene: Scene, hooks: RunHooks): Promise<TaggedResult> {
    return { result: await this.runner.run(scene, hooks), tag: this.runner.kind };
  }
  build(): Promise<WarehouseInfo> {
    return Promise.reject(new Error('a recording cannot be built'));
  }
  async switchToLocal(): Promise<WarehouseInfo> {
    return this.open();
  }
  close(): Promise<void> {
    return this.runner.close();
  }
}

const normalise = (sql: string) => sql.trim().replace(/;\s*$/, '').replace(/\s+/g, ' ');

function localFile(options: RunConfig): string {
  return `${options.dataDir.replace(/\/$/, '')}/warehouse.duckdb`;
}

async function defaultIsConfigured(options: RunConfig): Promise<boolean> {
  return (await import('../backends/snowflake/index.js')).isSnowflakeConfigured(options);
}
