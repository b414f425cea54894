import fs from 'node:fs';
import type { Backend, ProgressEvent } from '../backends/backend.js';
import type { RunConfig } from '../core/config.js';
import { ACTIONS } from './actions/index.js';
import { applyParams } from './load.js';
import type { Scene } from './schema.js';
import type { ActionContext, Block, ExecutedSql, SceneResult } from './types.js';
import writeFileAtomic from 'write-file-atomic';
import type { Recording } from './recording.js';

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
  config: RunConfig;
  /** Per-action timeout; long actions (the trigger) have none. Default 60 s. */
  timeoutMs?: number;
}

/** Runs scene actions on a real backend, opened lazily, one action at a time. */
export class BackendRunner implements SceneRunner {
  private backend: Backend | undefined;
  private opening: Promise<Backend> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
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
    return this.exclusive(() => this.runNow(scene, hooks));
  }

  /** Runs `work` with the backend, after whatever is already running (DuckDB has one connection). */
  withBackend<T>(work: (backend: Backend) => Promise<T>): Promise<T> {
    return this.exclusive(async () => work(await this.getBackend()));
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(scene: Scene, hooks: RunHooks): Promise<SceneResult> {
    const definition = ACTIONS[scene.action];
    if (!definition) throw new Error(`unknown action "${scene.action}"`);
    const backend = await this.getBackend();
    const sql: ExecutedSql[] = [];
    const params = { ...scene.params, ...(hooks.params ?? {}) };
    const controller = new AbortController();
    const abort = () => controller.abort();
    hooks.signal?.addEventListener('abort', abort);
    const ctx: ActionContext = {
      backend,
      config: this.setup.config,
      signal: controller.signal,
      onProgress: hooks.onProgress ?? (() => undefined),
      params,
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
    }
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    const backend = this.backend ?? (this.opening ? await this.opening.catch(() => undefined) : undefined);
    await backend?.close();
    this.backend = undefined;
  }
}

export { readRecording, type Recording } from './recording.js';

/** Presents from a recording: no backend at all. */
export class ReplayRunner implements SceneRunner {
  readonly kind = 'replay' as const;
  readonly description: string;
  constructor(private readonly recording: Recording, file: string) {
    this.description = `replay of ${file} (recorded ${recording.recordedAt.slice(0, 16).replace('T', ' ')} on ${recording.backend})`;
  }
  async run(scene: Scene): Promise<SceneResult> {
    const result = this.recording.results[scene.id];
    if (!result) throw new Error(`the recording has no results for scene "${scene.id}"`);
    return result;
  }
  async close(): Promise<void> {}
}

/** Wraps a runner and writes every successful result to `file` as it arrives (crash-safe). */
export class RecordingRunner implements SceneRunner {
  private readonly recording: Recording;
  constructor(readonly inner: SceneRunner, private readonly file: string) {
    this.recording = { version: 1, recordedAt: new Date().toISOString(), backend: inner.description, results: {} };
  }
  get description(): string {
    return `${this.inner.description} (recording to ${this.file})`;
  }
  get kind(): SceneRunner['kind'] {
    return this.inner.kind;
  }
  async run(scene: Scene, hooks?: RunHooks): Promise<SceneResult> {
    const result = await this.inner.run(scene, hooks);
    this.recording.backend = result.backend;
    this.recording.results[scene.id] = result;
    writeFileAtomic.sync(this.file, `${JSON.stringify(this.recording, null, 2)}\n`);
    return result;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
