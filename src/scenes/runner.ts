import type { Backend, ProgressEvent } from '../backends/backend.js';
import type { RunConfig } from '../core/config.js';
import { actionMetaOf, mutates } from './actions/meta.js';
import { applyParams } from './load.js';
import type { Scene } from './schema.js';
import type { ActionContext, Block, ExecutedSql, SceneResult } from './types.js';
import writeFileAtomic from 'write-file-atomic';
import type { Recording } from './recording.js';
import { RECORDED_ROWS, type RecordedQuery } from './cell-query.js';
import { retryWhileLocked } from '../backends/lock-wait.js';

export interface RunHooks {
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Live detail while a long action runs (the trigger's TASK_HISTORY). */
  onPoll?: (blocks: Block[]) => void;
  pollIntervalMs?: number;
  /** Overrides the scene's params for this run (e.g. another customer_id). */
  params?: Record<string, string | number>;
}

/** Where a scene's results come from: a live backend, or a recording. */
export interface SceneRunner {
  /** "local DuckDB …", "snowflake …", "replay of FILE". */
  readonly description: string;
  readonly kind: 'local' | 'snowflake' | 'replay';
  run(scene: Scene, hooks?: RunHooks): Promise<SceneResult>;
  close(): Promise<void>;
}

export class ActionTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the action took longer than ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`} and was stopped`);
    this.name = 'ActionTimeoutError';
  }
}

function sqlFilesOf(scene: Scene, params: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(scene.sql.map((s) => [s.name, s.template === undefined ? s.text : applyParams(s.template, params)]));
}

export interface BackendRunnerOptions {
  /** Opens the backend on first use (the TUI draws its first frame before this). */
  open: () => Promise<Backend>;
  /**
   * Opens the backend for an action that writes. When given, `open` is read-only (so another
   * process can read the warehouse meanwhile): a writing action closes the reader, runs on a
   * backend from here and closes it again, so the write lock is held only while it writes.
   */
  openForWrite?: () => Promise<Backend>;
  config: RunConfig;
  /** Per-action timeout; long actions (the trigger) have none. Default 60 s. */
  timeoutMs?: number;
}

/** Runs scene actions on a real backend, opened lazily, one action at a time. */
export class BackendRunner implements SceneRunner {
  private backend: Backend | undefined;
  private opening: Promise<Backend> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private sideReader: Promise<Backend> | undefined;
  private sideRuns: Promise<unknown> = Promise.resolve();
  private longRuns = 0;
  private readonly stopping = new AbortController();
  /** Backends with an action in flight, so closing can interrupt them. */
  private readonly running = new Set<Backend>();
  kind: 'local' | 'snowflake' = 'local';
  description = 'warehouse (not opened yet)';

  constructor(private readonly setup: BackendRunnerOptions) {}

  async getBackend(): Promise<Backend> {
    if (this.backend) return this.backend;
    this.opening ??= this.setup.open().then((b) => {
      this.backend = b;
      this.kind = b.kind;
      this.description = b.description;
      return b;
    }).catch((err: unknown) => {
      this.opening = undefined;
      throw err;
    });
    return this.opening;
  }

  run(scene: Scene, hooks: RunHooks = {}): Promise<SceneResult> {
    const writes = mutates(scene) && this.setup.openForWrite !== undefined;
    // While an action writes, a scene that only reads runs beside it on the writer's warehouse
    // and sees the last committed state, instead of waiting for the write to finish.
    const side = this.sideReader;
    if (!writes && side && !mutates(scene)) {
      // One read at a time on the sibling connection.
      const run = this.sideRuns.then(() => side).then((backend) => this.runNow(scene, hooks, backend));
      this.sideRuns = run.catch(() => undefined);
      return run;
    }
    // Snowflake runs statements side by side on one session: while a long action (the trigger)
    // waits on its graph, a scene that only reads does not queue behind it.
    if (!mutates(scene) && this.kind === 'snowflake' && this.longRuns > 0 && this.backend) return this.runNow(scene, hooks);
    const onWriter = () => this.writing((backend) => this.runNow(scene, hooks, backend), hooks.onProgress);
    const long = Boolean(actionMetaOf(scene).long);
    if (long) this.longRuns += 1;
    const done = () => {
      if (long) this.longRuns -= 1;
    };
    return this.exclusive(async () => {
      if (writes) return onWriter();
      try {
        return await this.runNow(scene, hooks);
      } catch (err) {
        // A reading action that found something to set up first (a schema an older build lacks)
        // gets the write lock for that one run.
        if (this.setup.openForWrite && /read-only mode/i.test((err as Error).message)) return onWriter();
        throw err;
      }
    }).finally(done);
  }

  /**
   * Runs a read a person asked for (the SQL cell): beside a long Snowflake action, else in turn.
   * Locally it always runs on the sealed read-only connection, so while an action writes it waits
   * for the write to finish instead of using the writer's connection, which is not sealed.
   */
  read<T>(work: (backend: Backend) => Promise<T>): Promise<T> {
    if (this.kind === 'snowflake' && this.longRuns > 0 && this.backend) return work(this.backend);
    return this.exclusive(async () => work(await this.getBackend()));
  }

  /** Runs `work` with the backend, after whatever is already running (DuckDB has one connection). */
  withBackend<T>(work: (backend: Backend) => Promise<T>, access: { write?: boolean; onProgress?: (e: ProgressEvent) => void } = {}): Promise<T> {
    if (access.write && this.setup.openForWrite) return this.exclusive(() => this.writing(work, access.onProgress));
    return this.exclusive(async () => work(await this.getBackend()));
  }

  /** Closes the reader, opens a writer for `work` and closes it afterwards (releasing the lock). */
  private async writing<T>(work: (backend: Backend) => Promise<T>, onProgress?: (e: ProgressEvent) => void): Promise<T> {
    const openForWrite = this.setup.openForWrite!;
    await this.dropReader();
    const writer = await retryWhileLocked(openForWrite, { onWait: (m) => onProgress?.({ stage: 'waiting for the warehouse', message: m }) });
    const sibling = 'sibling' in writer && typeof writer.sibling === 'function' ? (writer.sibling as () => Promise<Backend>)() : undefined;
    this.sideReader = sibling;
    try {
      return await work(writer);
    } finally {
      this.sideReader = undefined;
      // Reads still running on the sibling finish before the warehouse closes.
      await this.sideRuns;
      await sibling?.then((b) => b.close()).catch(() => undefined);
      await writer.close().catch(() => undefined);
    }
  }

  private async dropReader(): Promise<void> {
    const reader = this.backend ?? (this.opening ? await this.opening.catch(() => undefined) : undefined);
    this.backend = undefined;
    this.opening = undefined;
    await reader?.close().catch(() => undefined);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(scene: Scene, hooks: RunHooks, on?: Backend): Promise<SceneResult> {
    // The actions' code loads with the first scene that runs, not before the first frame.
    const { loadActions } = await import('./actions/index.js');
    const definition = (await loadActions(this.setup.config.pack))[scene.action];
    if (!definition) throw new Error(`unknown action "${scene.action}"`);
    const backend = on ?? (await retryWhileLocked(() => this.getBackend(), { boundMs: 5_000, onWait: (m) => hooks.onProgress?.({ stage: 'waiting for the warehouse', message: m }) }));
    const sql: ExecutedSql[] = [];
    const params = { ...scene.params, ...(hooks.params ?? {}) };
    const controller = new AbortController();
    const abort = () => controller.abort();
    hooks.signal?.addEventListener('abort', abort);
    this.stopping.signal.addEventListener('abort', abort);
    this.running.add(backend);
    const ctx: ActionContext = {
      backend,
      config: this.setup.config,
      signal: controller.signal,
      onProgress: hooks.onProgress ?? (() => undefined),
      params,
      content: scene.content,
      sqlFiles: sqlFilesOf(scene, params),
      onLive: (blocks) => hooks.onPoll?.(blocks),
      recordSql: (entry) => sql.push(entry),
    };
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    let poller: NodeJS.Timeout | undefined;
    let polling = false;
    // Polling needs a second statement in flight: only Snowflake's driver does that; locally the
    // action reports task states itself (onLive).
    if (definition.poll && hooks.onPoll && backend.kind === 'snowflake') {
      const poll = definition.poll;
      poller = setInterval(() => {
        if (polling) return;
        polling = true;
        poll({ ...ctx, recordSql: () => undefined }).then(hooks.onPoll, () => undefined).finally(() => { polling = false; });
      }, hooks.pollIntervalMs ?? 1000);
    }
    try {
      const work = definition.run(ctx);
      const timeoutMs = this.setup.timeoutMs ?? 60_000;
      const blocks = definition.long || timeoutMs <= 0
        ? await work
        : await Promise.race([
          work,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              controller.abort();
              if ('interrupt' in backend && typeof backend.interrupt === 'function') (backend.interrupt as () => void)();
              reject(new ActionTimeoutError(timeoutMs));
            }, timeoutMs);
          }),
        ]);
      return { sceneId: scene.id, backend: backend.description, blocks, sql, elapsedMs: Math.round(performance.now() - started), finishedAt: new Date().toISOString() };
    } catch (err) {
      // Keep the SQL that ran (or failed) visible with `s` even when the action fails.
      if (err instanceof Error) (err as Error & { sql?: ExecutedSql[] }).sql = sql;
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
      if (poller) clearInterval(poller);
      hooks.signal?.removeEventListener('abort', abort);
      this.stopping.signal.removeEventListener('abort', abort);
      this.running.delete(backend);
    }
  }

  /**
   * Stops whatever runs (quitting must not wait for an 80-second trigger): actions are aborted and
   * their statements interrupted, and the wait for them is bounded.
   */
  async close(boundMs = 5_000): Promise<void> {
    this.stopping.abort();
    for (const backend of this.running) {
      if ('interrupt' in backend && typeof backend.interrupt === 'function') (backend.interrupt as () => void)();
    }
    await Promise.race([Promise.all([this.queue, this.sideRuns]).catch(() => undefined), new Promise((r) => setTimeout(r, boundMs).unref())]);
    await this.dropReader();
  }
}

export { readRecording, type Recording } from './recording.js';
export { retryWhileLocked } from '../backends/lock-wait.js';

/** Writes results to `file` as they arrive (crash-safe), and which scenes still have none. */
export class Recorder {
  private readonly recording: Recording;
  constructor(private readonly file: string, private readonly sceneIds: string[], backend: string) {
    this.recording = { version: 1, recordedAt: new Date().toISOString(), backend, results: {}, missing: [...sceneIds] };
  }
  add(result: SceneResult): void {
    this.recording.backend = result.backend;
    this.recording.results[result.sceneId] = result;
    this.save();
  }
  /** A query typed in the SQL cell, with the first rows of its result. */
  addQuery(query: RecordedQuery): void {
    const kept = query.result ? { ...query, result: { ...query.result, rows: query.result.rows.slice(0, RECORDED_ROWS) } } : query;
    (this.recording.queries ??= []).push(kept);
    this.save();
  }
  /** Scenes without a result, in deck order. */
  missing(): string[] {
    return this.sceneIds.filter((id) => !this.recording.results[id]);
  }
  save(): void {
    this.recording.missing = this.missing();
    writeFileAtomic.sync(this.file, `${JSON.stringify(this.recording, null, 2)}\n`);
  }
}

/** Presents from a recording: no backend at all. */
export class ReplayRunner implements SceneRunner {
  readonly kind = 'replay' as const;
  readonly description: string;
  constructor(private readonly recording: Recording, file: string) {
    this.description = `replay of ${file} (recorded ${recording.recordedAt.slice(0, 16).replace('T', ' ')} on ${recording.backend})`;
  }
  run(scene: Scene): Promise<SceneResult> {
    const result = this.recording.results[scene.id];
    if (!result) return Promise.reject(new Error(`the recording has no results for scene "${scene.id}"`));
    return Promise.resolve(result);
  }
  async close(): Promise<void> {}
}

/** Wraps a runner and writes every successful result to `file` as it arrives (crash-safe). */
export class RecordingRunner implements SceneRunner {
  readonly recorder: Recorder;
  constructor(readonly inner: SceneRunner, private readonly file: string, sceneIds: string[] = []) {
    this.recorder = new Recorder(file, sceneIds, inner.description);
  }
  get description(): string {
    return `${this.inner.description} (recording to ${this.file})`;
  }
  get kind(): SceneRunner['kind'] {
    return this.inner.kind;
  }
  async run(scene: Scene, hooks?: RunHooks): Promise<SceneResult> {
    const result = await this.inner.run(scene, hooks);
    this.recorder.add(result);
    return result;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
