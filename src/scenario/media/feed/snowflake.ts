/**
 * The media pack's live feed on Snowflake (`c360-demo feed --pack media --backend snowflake`):
 * the same batches as the local feed, written into the local landing folder from the local
 * roster, then PUT to the landing stage `@SFE_RAW_MEDIA.SFE_LANDING`, keeping the folder layout.
 * The account does the rest on its own schedule: the feed resumes the 1-minute tasks of the task
 * graph (the scheduled COPY that stands in for Snowpipe Streaming, and the two stream tasks),
 * measures every tick from the staging tables, and after its last batch waits until a run of each
 * stream task has started after the last file was loaded. The scheduled load, which deploy leaves
 * suspended, is suspended again at the end; the stream tasks stay as deploy left them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Backend, Row } from '../../../backends/backend.js';
import { UserError } from '../../../core/errors.js';
import { loadDag, taskHistory } from '../../../orchestration/index.js';
import { STREAM_PROCESS_STAGE } from '../../../orchestration/task-body.js';
import { renderSqlFile, sqlLiteral } from '../../../util/sql-template.js';
import { splitStatements } from '../../../util/sql-split.js';
import { sleep } from '../../../util/sleep.js';
import { tableExists } from '../../../warehouse/schemas.js';
import { landingDir, readGenerationRecord } from '../generation-record.js';
import { DEFAULT_DIRT_RATES } from '../scales.js';
import {
  countWritten,
  eventsDue,
  nextFeedBatch,
  runTicks,
  SEED_EVENTS_PER_MINUTE,
  SEED_TARGETS,
  startingStatus,
  TASK_SCHEDULE_MS,
  writeBatch,
  type FeedOptions,
  type FeedSummary,
  type TaskThroughput,
} from './run.js';

const PACK = { name: 'media' };
const DIR = ['src', 'scenario', 'media', 'feed'] as const;
const STAGE = 'CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_LANDING';
/** The measure's column counting the staged rows each stream task wrote (snowflake_measure.sql). */
const STAGED_BY_TASK: Record<string, string> = { SFE_PROCESS_SUBSCRIBERS_TASK: 'staged_events', SFE_PROCESS_ENGAGEMENT_TASK: 'staged_views' };
/** How long the feed waits, after its last batch, for the account's tasks to stage it: two schedules and a margin. */
const DRAIN_MS = 2 * TASK_SCHEDULE_MS + 60_000;

/**
 * The local feed's options; on Snowflake `dataDir` is where the files are written before the PUT,
 * and `tickMs` how often a batch is written and PUT (the tasks keep the account's schedule).
 */
export interface SnowflakeFeedOptions extends FeedOptions {
  /** How often the staging tables are read while waiting for the last batch (default: the tick). */
  pollMs?: number;
}

const value = (row: Row | undefined, name: string): unknown => {
  const key = Object.keys(row ?? {}).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : row![key];
};

/** The local roster and the draws the batches are made from, as the local feed prepares them. */
async function prepareLocal(local: Backend, seed: number): Promise<void> {
  if (!(await tableExists(local, 'SFE_RAW_MEDIA.SUBSCRIBERS'))) {
    throw new UserError(
      'the feed draws its events from the local roster: no media subscribers in the local warehouse yet',
      undefined,
      'build the pack locally first: c360-demo generate --pack media',
    );
  }
  const today = new Date().toISOString().slice(0, 10);
  await local.execute(renderSqlFile(['src', 'scenario', 'media', 'generate', 'shared.sql'], { seed, as_of: today, rates: DEFAULT_DIRT_RATES }));
  await local.execute(renderSqlFile([...DIR, 'roster.sql'], {}));
}

/** The account must have the pack deployed; an empty roster there gets the local one. */
async function prepareAccount(snowflake: Backend, local: Backend, signal?: AbortSignal): Promise<void> {
  let subscribers: number;
  try {
    subscribers = Number(value((await snowflake.query('SELECT COUNT(*) AS n FROM CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SUBSCRIBERS', { signal })).rows[0], 'n'));
  } catch (err) {
    if (err instanceof Error && /does not exist or not authorized/i.test(err.message)) {
      throw new UserError('the media pack is not deployed on this account', undefined, 'c360-demo deploy --pack media');
    }
    throw err;
  }
  if (subscribers > 0) return;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-roster-'));
  try {
    const file = path.join(folder, 'subscribers.parquet');
    await local.execute(
      `COPY (SELECT subscriber_id, plan, subscribed_on FROM SFE_RAW_MEDIA.SUBSCRIBERS ORDER BY subscriber_id) TO ${sqlLiteral(file)} (FORMAT PARQUET);`,
    );
    const script = renderSqlFile([...DIR, 'snowflake_roster.sql'], { file: sqlLiteral(`file://${file.split(path.sep).join('/')}`) });
    for (const statement of splitStatements(script)) await snowflake.query(statement.text, { signal });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** The offset of the account session's wall clock (CURRENT_TIMESTAMP as TIMESTAMP_NTZ) from UTC, to the quarter hour. */
async function clockOffsetMs(snowflake: Backend): Promise<number> {
  const wall = String(value((await snowflake.query('SELECT CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AS wall')).rows[0], 'wall'));
  const quarter = 15 * 60_000;
  return Math.round((Date.parse(`${wall.replace(' ', 'T')}Z`) - Date.now()) / quarter) * quarter;
}

export async function runSnowflakeFeed(snowflake: Backend, local: Backend, options: SnowflakeFeedOptions): Promise<FeedSummary> {
  const rate = options.rate ?? SEED_EVENTS_PER_MINUTE;
  const tickMs = options.tickMs ?? TASK_SCHEDULE_MS;
  const pollMs = options.pollMs ?? Math.min(tickMs, 5_000);
  const { signal } = options;
  const landing = landingDir(options.dataDir);
  const record = readGenerationRecord(options.dataDir);
  await prepareLocal(local, typeof record === 'object' ? record.seed : options.seed);
  await prepareAccount(snowflake, local, signal);
  const offsetMs = await clockOffsetMs(snowflake);

  const dag = loadDag(PACK);
  // The graph's 1-minute tasks: the scheduled load and the stream tasks.
  const minuteTasks = dag.tasks.filter((task) => /^1\s+MINUTES?$/i.test(task.schedule?.trim() ?? ''));
  const streamTasks = minuteTasks.filter((task) => task.localStage === STREAM_PROCESS_STAGE);
  const qualified = (name: string) => `CUSTOMER_ANALYTICS.${dag.schema}.${name}`;
  for (const task of minuteTasks) await snowflake.query(`ALTER TASK ${qualified(task.name)} RESUME`, { signal });
  // TASK_HISTORY's times are ISO instants (src/orchestration/snowflake.ts): compared as instants.
  const startedMs = Date.now();
  const at = (time: string | null) => (time === null ? NaN : Date.parse(time));

  const files: string[] = [];
  const firstBatch = nextFeedBatch(landing);
  const written = { subscription: 0, content: 0, total: 0, files: 0 };
  const issues: string[] = [];
  const started = Date.now();
  let last = started;
  let batch = firstBatch;
  let status = startingStatus(
    firstBatch,
    written,
    streamTasks.map((task) => ({ name: task.name, runs: 0, succeeded: 0, skipped: 0, failed: 0, rows: 0, seconds: 0, eventsPerMinute: null })),
    {},
  );
  let filesLoaded = 0;

  const measure = async (): Promise<void> => {
    const list = files.length === 0 ? "''" : files.map(sqlLiteral).join(', ');
    const row = (await snowflake.query(renderSqlFile([...DIR, 'snowflake_measure.sql'], { files: list, offset_ms: offsetMs }), { signal })).rows[0];
    const seconds = (name: string) => {
      const v = value(row, name);
      return v === null || v === undefined ? null : Math.round(Number(v)) / 1000;
    };
    filesLoaded = Number(value(row, 'files_loaded') ?? 0);
    status = {
      ...status,
      loaded: Number(value(row, 'loaded') ?? 0),
      rejected: Number(value(row, 'rejected') ?? 0),
      staged: Number(value(row, 'staged') ?? 0),
      latency: { measured: Number(value(row, 'measured') ?? 0), p50Seconds: seconds('p50_ms'), p95Seconds: seconds('p95_ms'), maxSeconds: seconds('max_ms') },
      tasks: await taskCounts(row),
      elapsedSeconds: (Date.now() - started) / 1000,
    };
  };

  /** The stream tasks' runs since the feed started (TASK_HISTORY), and the rows they staged of its files. */
  const taskCounts = async (row: Row | undefined): Promise<TaskThroughput[]> => {
    const runs = (await taskHistory(snowflake, { limit: 1000 })).filter((r) => at(r.scheduled_time) >= startedMs);
    return streamTasks.map((task) => {
      const own = runs.filter((r) => r.name.toUpperCase() === task.name);
      for (const failed of own.filter((r) => r.state === 'FAILED')) {
        const issue = `${task.name} FAILED: ${failed.error_message ?? 'no message'}`;
        if (!issues.includes(issue)) issues.push(issue);
      }
      const succeeded = own.filter((r) => r.state === 'SUCCEEDED');
      const seconds = succeeded.reduce(
        (sum, r) => sum + Math.max(0, (Date.parse(r.completed_time ?? '') - Date.parse(r.query_start_time ?? '')) / 1000 || 0),
        0,
      );
      const rows = Number(value(row, STAGED_BY_TASK[task.name] ?? '') ?? 0);
      return {
        name: task.name,
        runs: own.length,
        succeeded: succeeded.length,
        skipped: own.filter((r) => r.state === 'SKIPPED').length,
        failed: own.filter((r) => r.state === 'FAILED').length,
        rows,
        seconds,
        eventsPerMinute: seconds > 0 ? Math.round((rows / seconds) * 60) : null,
      };
    });
  };

  try {
    await runTicks({ started, tickMs, durationMs: options.durationMs, maxTicks: options.maxTicks, signal }, async (tick, now) => {
      const { subscription, content } = eventsDue(rate, now - started, written);
      if (subscription + content > 0) {
        const before = new Set(feedFilesOf(landing, batch));
        const made = await writeBatch(local, landing, { number: batch, startMs: last, endMs: now, subscription, content });
        for (const file of feedFilesOf(landing, batch).filter((f) => !before.has(f))) {
          const folder = path.posix.dirname(file);
          await snowflake.query(
            `PUT ${sqlLiteral(
              `file://${path
                .join(landing, ...file.split('/'))
                .split(path.sep)
                .join('/')}`,
            )} @${STAGE}/${folder} AUTO_COMPRESS = FALSE OVERWRITE = FALSE`,
            { signal },
          );
          files.push(file);
        }
        countWritten(written, { subscription, content, files: made.files });
        status.lastBatch = batch;
        batch += 1;
        last = now;
      }
      await measure();
      status.tick = tick;
      options.onTick?.(status);
    });
    // The last batches: loaded by the scheduled COPY, then staged by a run of each stream task scheduled after
    // (a SKIPPED run has no start time: its stream was empty when it was scheduled).
    const deadline = Date.now() + DRAIN_MS;
    let loadedAt: number | null = null;
    while (!signal?.aborted && Date.now() < deadline) {
      await measure();
      if (loadedAt === null && filesLoaded >= files.length) loadedAt = Date.now();
      if (loadedAt !== null) {
        const runs = await taskHistory(snowflake, { limit: 1000 });
        const drained = streamTasks.every((task) =>
          runs.some((r) => r.name.toUpperCase() === task.name && (r.state === 'SUCCEEDED' || r.state === 'SKIPPED') && at(r.scheduled_time) > loadedAt!),
        );
        if (drained) break;
      }
      await sleep(pollMs, signal);
    }
    if (!signal?.aborted && Date.now() >= deadline)
      issues.push(`the account had not staged every file ${DRAIN_MS / 1000} s after the last batch: are its tasks running?`);
  } catch (error) {
    if (!signal?.aborted) throw error;
  } finally {
    // The scheduled load costs a warehouse every minute: it runs only while a feed does.
    for (const task of minuteTasks.filter((t) => !t.resumed)) await snowflake.query(`ALTER TASK ${qualified(task.name)} SUSPEND`).catch(() => undefined);
  }
  await measure().catch(() => undefined);
  return {
    ...status,
    elapsedSeconds: (Date.now() - started) / 1000,
    rate,
    tickSeconds: tickMs / 1000,
    scheduleSeconds: TASK_SCHEDULE_MS / 1000,
    durationSeconds: options.durationMs / 1000,
    interrupted: signal?.aborted ?? false,
    pending: {},
    targets: SEED_TARGETS,
    supportTickets: 'none: the support system exports tickets once a day (the 2 AM batch), longer than a feed runs',
    issues,
  };
}

/** The feed files of one batch in the landing folder, relative, with forward slashes. */
function feedFilesOf(landing: string, batch: number): string[] {
  const name = `feed-${String(batch).padStart(6, '0')}.`;
  if (!fs.existsSync(landing)) return [];
  return fs
    .readdirSync(landing, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => !f.startsWith('.') && path.posix.basename(f).includes(name));
}
