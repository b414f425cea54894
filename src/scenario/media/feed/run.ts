import fs from 'node:fs';
import path from 'node:path';
import type { Backend } from '../../../backends/backend.js';
import { UserError } from '../../../core/errors.js';
import { loadDag, streamProcess, streamStatus } from '../../../orchestration/index.js';
import type { TaskRunState } from '../../../orchestration/types.js';
import { STREAM_PROCESS_STAGE } from '../../../orchestration/task-body.js';
import { renderSqlFile, sqlLiteral } from '../../../util/sql-template.js';
import { tableExists } from '../../../warehouse/schemas.js';
import { CONTENT_CSV_HEADER } from '../generate.js';
import { createMediaTables, loadLanding } from '../ingest.js';
import { landingDir, readGenerationRecord } from '../generation-record.js';
import { DEFAULT_DIRT_RATES } from '../scales.js';
import { sleep } from '../../../util/sleep.js';

const PACK = { name: 'media' };

/**
 * The seed's per-day volumes ("ingestion 50,000 events/day sustained"): ~50,000 content views
 * and ~750 subscription events (the middle of 500-1,000) a day, ~35 events a minute in all.
 * A `--rate` keeps the same mix.
 */
export const SEED_DAILY_EVENTS = { subscription: 750, content: 50_000 } as const;
export const SEED_EVENTS_PER_MINUTE = (SEED_DAILY_EVENTS.subscription + SEED_DAILY_EVENTS.content) / 1440;
/** The seed's figures the feed is judged against. */
export const SEED_TARGETS = { latencySeconds: 120, slaSeconds: 300, eventsPerMinutePerTask: 1_000 } as const;
/** The staging tasks' SCHEDULE. */
export const TASK_SCHEDULE_MS = 60_000;
/** Share of feed views made by scrapers, as in the history (~6%). */
const BOT_SHARE = 0.06;

/** Feed files carry their batch number: `feed-000042.jsonl`. */
const FEED_FILE = /feed-(\d+)\.(jsonl|csv)$/;
const SCRATCH = '.feed';

export interface FeedOptions {
  /** The pack's data dir (`<data-dir>/media`); landing files go to its `landing/` folder. */
  dataDir: string;
  /** The seed when the data dir has no generation record; otherwise the feed draws from the seed its sources were generated with. */
  seed: number;
  /** Events a minute, both sources together (default: the seed's ~35). */
  rate?: number;
  durationMs: number;
  /** Stop after this many ticks (a script's fixed-length feed), whichever comes first with the duration. */
  maxTicks?: number;
  /** How often the scheduler wakes: loads new files and runs each staging task (default: their 1-minute SCHEDULE). */
  tickMs?: number;
  signal?: AbortSignal;
  onTick?: (status: FeedStatus) => void;
}

export interface TaskThroughput {
  name: string;
  runs: number;
  succeeded: number;
  skipped: number;
  failed: number;
  /** Rows the task wrote to staging. */
  rows: number;
  /** Time spent in its runs. */
  seconds: number;
  /** rows / seconds * 60 over its runs that had work: what it sustains while it runs. */
  eventsPerMinute: number | null;
}

export interface FeedStatus {
  tick: number;
  elapsedSeconds: number;
  /** Batch numbers of this run's files (a later run continues after the last). */
  firstBatch: number;
  lastBatch: number | null;
  written: { subscription: number; content: number; total: number; files: number };
  /** Rows of this run's files in the raw layer, and records of them in LOAD_ERRORS. */
  loaded: number;
  rejected: number;
  /** Rows of this run's files in staging (bots are filtered out, duplicates dropped). */
  staged: number;
  /** Latency from an event's creation to its staging row, over every staged event with a usable timestamp. */
  latency: { measured: number; p50Seconds: number | null; p95Seconds: number | null; maxSeconds: number | null };
  tasks: TaskThroughput[];
  lastStates: Record<string, TaskRunState>;
}

export interface FeedSummary extends FeedStatus {
  rate: number;
  tickSeconds: number;
  scheduleSeconds: number;
  durationSeconds: number;
  interrupted: boolean;
  /** Rows still waiting in each stream (none unless the feed was stopped between a load and a task run). */
  pending: Record<string, number>;
  targets: typeof SEED_TARGETS;
  supportTickets: string;
  issues: string[];
}

/** The next batch number: one past the highest feed file in the landing folder, so a second run continues. */
export function nextFeedBatch(landingDir: string): number {
  let highest = 0;
  for (const source of ['subscription_events', 'content_engagement']) {
    const dir = path.join(landingDir, source);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const match = FEED_FILE.exec(name);
      if (match) highest = Math.max(highest, Number(match[1]));
    }
  }
  return highest + 1;
}

async function prepare(backend: Backend, seed: number): Promise<void> {
  if (!(await tableExists(backend, 'SFE_RAW_MEDIA.SUBSCRIBERS'))) {
    throw new UserError('the feed needs the media subscribers: none in this warehouse yet', undefined, 'build the pack first: c360-demo pipeline --pack media');
  }
  // The tables and streams the scheduler works on, as the load stage creates them (idempotent).
  await createMediaTables(backend);
  const today = new Date().toISOString().slice(0, 10);
  await backend.execute(renderSqlFile(['src', 'scenario', 'media', 'generate', 'shared.sql'], { seed, as_of: today, rates: DEFAULT_DIRT_RATES }));
  await backend.execute(renderSqlFile(['src', 'scenario', 'media', 'feed', 'roster.sql'], {}));
}

/**
 * Writes one batch's files: subscription events as JSON lines and content views as a CSV batch,
 * each written into a scratch folder the loader ignores and renamed into place, so the loader
 * only ever sees whole files. A source with no events in the batch gets no file.
 */
export async function writeBatch(
  backend: Backend,
  landingDir: string,
  batch: { number: number; startMs: number; endMs: number; subscription: number; content: number },
): Promise<{ subscription: number; content: number; files: number }> {
  await backend.execute(
    renderSqlFile(['src', 'scenario', 'media', 'feed', 'batch.sql'], {
      batch: batch.number,
      start_ms: batch.startMs,
      end_ms: batch.endMs,
      subscription_events: batch.subscription,
      content_events: batch.content,
      rates: DEFAULT_DIRT_RATES,
      bot_share: BOT_SHARE,
      header: sqlLiteral(CONTENT_CSV_HEADER),
    }),
  );
  const day = new Date(batch.endMs).toISOString().slice(0, 10);
  const name = `feed-${String(batch.number).padStart(6, '0')}`;
  const scratch = path.join(landingDir, SCRATCH);
  fs.mkdirSync(scratch, { recursive: true });
  const lines = `(FORMAT CSV, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x1f')`;
  const written = { subscription: 0, content: 0, files: 0 };
  const targets = [
    { table: '_feed_subscription_line', final: path.join(landingDir, 'subscription_events', `${day}-${name}.jsonl`), key: 'subscription' as const },
    { table: '_feed_content_line', final: path.join(landingDir, 'content_engagement', day, `${name}.csv`), key: 'content' as const },
  ];
  for (const target of targets) {
    const rows = Number((await backend.query(`SELECT count(*) FILTER (WHERE k >= 0) AS n FROM ${target.table}`)).rows[0]!.n);
    if (rows === 0) continue;
    const temporary = path.join(scratch, path.basename(target.final));
    await backend.execute(`COPY (SELECT line FROM ${target.table} ORDER BY k, copy) TO ${sqlLiteral(temporary)} ${lines};`);
    fs.mkdirSync(path.dirname(target.final), { recursive: true });
    fs.renameSync(temporary, target.final);
    written[target.key] = rows;
    written.files += 1;
  }
  return written;
}

async function measure(backend: Backend, firstBatch: number): Promise<Pick<FeedStatus, 'loaded' | 'rejected' | 'staged' | 'latency'>> {
  const row = (await backend.query(renderSqlFile(['src', 'scenario', 'media', 'feed', 'measure.sql'], { first_batch: firstBatch }))).rows[0]!;
  const secondsOf = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value)) / 1000);
  return {
    loaded: Number(row.loaded),
    rejected: Number(row.rejected),
    staged: Number(row.staged),
    latency: { measured: Number(row.measured ?? 0), p50Seconds: secondsOf(row.p50_ms), p95Seconds: secondsOf(row.p95_ms), maxSeconds: secondsOf(row.max_ms) },
  };
}

/** The subscription system's share of the real-time events, as in the seed's daily volumes. */
const SUBSCRIPTION_SHARE = SEED_DAILY_EVENTS.subscription / (SEED_DAILY_EVENTS.subscription + SEED_DAILY_EVENTS.content);

/**
 * Each real-time source's events created at `rate` (per minute) in `elapsedMs`, less those already
 * written: a feed keeps its rate even when a tick runs late.
 */
export function eventsDue(rate: number, elapsedMs: number, written: FeedStatus['written']): { subscription: number; content: number } {
  const due = (rate * elapsedMs) / 60_000;
  return {
    subscription: Math.floor(due * SUBSCRIPTION_SHARE) - written.subscription,
    content: Math.floor(due * (1 - SUBSCRIPTION_SHARE)) - written.content,
  };
}

/** Adds a written batch to a feed's running counts. */
export function countWritten(written: FeedStatus['written'], batch: { subscription: number; content: number; files: number }): void {
  written.subscription += batch.subscription;
  written.content += batch.content;
  written.total = written.subscription + written.content;
  written.files += batch.files;
}

/**
 * A feed's clock, the same for every backend: waits for each tick (every `tickMs` from `started`,
 * the last at `durationMs`), runs `onTick(tick, now)`, and stops after `durationMs`, after
 * `maxTicks` ticks, or when the signal aborts.
 */
export async function runTicks(
  clock: { started: number; tickMs: number; durationMs: number; maxTicks?: number | undefined; signal?: AbortSignal | undefined },
  onTick: (tick: number, now: number) => Promise<void>,
): Promise<void> {
  const { started, tickMs, durationMs, maxTicks, signal } = clock;
  for (let tick = 1; !signal?.aborted; tick++) {
    await sleep(Math.min(started + tick * tickMs, started + durationMs) - Date.now(), signal);
    if (signal?.aborted) break;
    const now = Date.now();
    await onTick(tick, now);
    if (now - started >= durationMs || (maxTicks !== undefined && tick >= maxTicks)) break;
  }
}

/** A feed's status before its first tick: nothing loaded, staged or measured yet. */
export function startingStatus(
  firstBatch: number,
  written: FeedStatus['written'],
  tasks: FeedStatus['tasks'],
  lastStates: FeedStatus['lastStates'],
): FeedStatus {
  return {
    tick: 0,
    elapsedSeconds: 0,
    firstBatch,
    lastBatch: null,
    written,
    loaded: 0,
    rejected: 0,
    staged: 0,
    latency: { measured: 0, p50Seconds: null, p95Seconds: null, maxSeconds: null },
    tasks,
    lastStates,
  };
}

/**
 * The media pack's live feed on the local warehouse: every tick it writes the events created
 * since the last tick as the source systems deliver them, loads the new landing files into the
 * raw layer (files already loaded are skipped) and runs each 1-minute staging task as Snowflake's
 * scheduler would (SKIPPED when its stream is empty, each run in TASK_HISTORY), then measures.
 * Support tickets come as a daily batch (the 2 AM export): a feed writes none.
 *
 * Stopping it (the signal) between or during steps leaves every table consistent: a file is
 * loaded whole or not at all, a task run commits whole or not at all, and a later run continues
 * with the next batch number while the streams keep what was not consumed.
 */
export async function runFeed(backend: Backend, options: FeedOptions): Promise<FeedSummary> {
  const rate = options.rate ?? SEED_EVENTS_PER_MINUTE;
  const tickMs = options.tickMs ?? TASK_SCHEDULE_MS;
  const { signal } = options;
  const landing = landingDir(options.dataDir);
  const record = readGenerationRecord(options.dataDir);
  await prepare(backend, typeof record === 'object' ? record.seed : options.seed);
  fs.rmSync(path.join(landing, SCRATCH), { recursive: true, force: true });

  const tasks = loadDag(PACK).tasks.filter((task) => task.localStage === STREAM_PROCESS_STAGE);
  const throughput: TaskThroughput[] = tasks.map((task) => ({
    name: task.name,
    runs: 0,
    succeeded: 0,
    skipped: 0,
    failed: 0,
    rows: 0,
    seconds: 0,
    eventsPerMinute: null,
  }));
  const workSeconds = tasks.map(() => 0);
  const lastStates: Record<string, TaskRunState> = {};
  const firstBatch = nextFeedBatch(landing);
  const written = { subscription: 0, content: 0, total: 0, files: 0 };
  const issues: string[] = [];
  const started = Date.now();
  let last = started;
  let batch = firstBatch;
  let interrupted = false;
  let status = startingStatus(firstBatch, written, throughput, lastStates);

  try {
    await runTicks({ started, tickMs, durationMs: options.durationMs, maxTicks: options.maxTicks, signal }, async (tick, now) => {
      const { subscription, content } = eventsDue(rate, now - started, written);
      if (subscription + content > 0) {
        const files = await writeBatch(backend, landing, { number: batch, startMs: last, endMs: now, subscription, content });
        countWritten(written, { subscription, content, files: files.files });
        status.lastBatch = batch;
        batch += 1;
        last = now;
      }
      const load = await loadLanding(backend, { landingDir: landing, signal });
      for (const issue of load.issues) if (!issues.includes(issue.message)) issues.push(issue.message);
      for (const [index, task] of tasks.entries()) {
        const taskStarted = performance.now();
        const run = await streamProcess(backend, { task: task.name, signal });
        const seconds = (performance.now() - taskStarted) / 1000;
        const counter = throughput[index]!;
        counter.runs += 1;
        counter.seconds += seconds;
        lastStates[task.name] = run.state;
        if (run.state === 'SUCCEEDED') {
          counter.succeeded += 1;
          counter.rows += run.merged_rows;
          workSeconds[index]! += seconds;
          counter.eventsPerMinute = workSeconds[index]! > 0 ? Math.round((counter.rows / workSeconds[index]!) * 60) : null;
        } else if (run.state === 'SKIPPED') counter.skipped += 1;
        else {
          counter.failed += 1;
          issues.push(`${task.name} ${run.state}: ${run.history.error_message ?? 'no message'}`);
        }
      }
      status = { ...status, tick, elapsedSeconds: (Date.now() - started) / 1000, ...(await measure(backend, firstBatch)) };
      options.onTick?.(status);
    });
  } catch (error) {
    // A load or task run stopped by the signal rolled back on its own; anything else is a real failure.
    if (!signal?.aborted) throw error;
  } finally {
    fs.rmSync(path.join(landing, SCRATCH), { recursive: true, force: true });
  }
  interrupted = signal?.aborted ?? false;

  const pending: Record<string, number> = {};
  for (const stream of loadDag(PACK).streams) pending[stream.name] = (await streamStatus(backend, { stream: stream.name, limit: 0 })).pending_rows;
  return {
    ...status,
    ...(await measure(backend, firstBatch)),
    elapsedSeconds: (Date.now() - started) / 1000,
    rate,
    tickSeconds: tickMs / 1000,
    scheduleSeconds: TASK_SCHEDULE_MS / 1000,
    durationSeconds: options.durationMs / 1000,
    interrupted,
    pending,
    targets: SEED_TARGETS,
    supportTickets: 'none: the support system exports tickets once a day (the 2 AM batch), longer than a feed runs',
    issues,
  };
}
