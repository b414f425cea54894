import type { Command } from 'commander';
import type { Backend } from '../../backends/backend.js';
import { ExitCode, UserError } from '../../core/errors.js';
import { importPackModule, type Pack } from '../../core/pack.js';
import { formatTable } from '../../text/format-table.js';
import { currentIo } from '../io.js';
import { withInterrupt } from '../interrupt.js';
import { commandOptions, withWarehouseOptions } from '../options.js';
import { printError, printJson, printLine } from '../output.js';
import { runAction } from '../run-action.js';
import { withBackend } from '../warehouse-command.js';

/** What the feed reports each tick and at the end; the pack's feed module fills it. */
interface FeedStatus {
  tick: number;
  elapsedSeconds: number;
  written: { subscription: number; content: number; total: number; files: number };
  loaded: number;
  rejected: number;
  staged: number;
  latency: { measured: number; p50Seconds: number | null; p95Seconds: number | null; maxSeconds: number | null };
  tasks: { name: string; runs: number; succeeded: number; skipped: number; failed: number; rows: number; eventsPerMinute: number | null }[];
}

interface FeedSummary extends FeedStatus {
  rate: number;
  tickSeconds: number;
  scheduleSeconds: number;
  interrupted: boolean;
  pending: Record<string, number>;
  targets: { latencySeconds: number; slaSeconds: number; eventsPerMinutePerTask: number };
  supportTickets: string;
  issues: string[];
}

/** How long, how fast and where a feed runs, and whom it tells about each tick. */
interface FeedRunOptions {
  dataDir: string;
  seed: number;
  rate?: number;
  durationMs: number;
  maxTicks?: number;
  tickMs: number;
  signal?: AbortSignal;
  onTick?: (status: FeedStatus) => void;
}

/** What a pack's `src/scenario/<pack>/feed.ts` exports. */
interface PackFeed {
  runFeed(backend: Backend, options: FeedRunOptions): Promise<FeedSummary>;
  /** The feed on Snowflake: files written locally from the local roster, PUT to the account, loaded and staged by its tasks. */
  runSnowflakeFeed?: (snowflake: Backend, local: Backend, options: FeedRunOptions) => Promise<FeedSummary>;
  SEED_EVENTS_PER_MINUTE: number;
  SEED_TARGETS: FeedSummary['targets'];
  TASK_SCHEDULE_MS: number;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `5m`, `30s`, `1.5h`, `500ms` in milliseconds; anything else (or zero) is bad input. */
export function parseDuration(flag: string, value: string): number {
  const match = DURATION.exec(value.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : NaN;
  if (!Number.isFinite(ms) || ms <= 0) throw new UserError(`${flag} must be a positive duration such as 30s, 5m or 1h, got "${value}"`);
  return Math.round(ms);
}

function parseRate(value: string): number {
  const rate = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(rate > 0) || rate > 10_000_000) {
    throw new UserError(`--rate must be a positive number of events a minute (at most 10,000,000), got "${value}"`);
  }
  return rate;
}

function isPackFeed(value: unknown): value is PackFeed {
  return typeof value === 'object' && value !== null && typeof (value as Partial<PackFeed>).runFeed === 'function';
}

/** The pack's feed module, found by its folder name; a pack without one has no feed. */
async function packFeed(pack: Pack): Promise<PackFeed> {
  const module = await importPackModule(pack, 'feed');
  if (module === undefined) {
    throw new UserError(`the ${pack.name} pack has no live feed: its data comes from generate (and stream append)`, undefined, 'c360-demo feed --pack media');
  }
  if (!isPackFeed(module)) throw new Error(`src/scenario/${pack.name}/feed.ts must export runFeed()`);
  return module;
}

const seconds = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(1)} s`);
const count = (n: number) => n.toLocaleString('en-US');

function statusLine(status: FeedStatus, targets: FeedSummary['targets']): string {
  const clock = new Date(status.elapsedSeconds * 1000).toISOString().slice(11, 19);
  const tasks = status.tasks
    .map((t) => `${t.name.toLowerCase().replace(/^sfe_process_|_task$/g, '')} ${t.eventsPerMinute === null ? 'n/a' : count(t.eventsPerMinute)}/min`)
    .join(', ');
  return (
    `${clock} tick ${status.tick}: written ${count(status.written.total)}, loaded ${count(status.loaded)}, rejected ${count(status.rejected)}, staged ${count(status.staged)}; ` +
    `latency p50 ${seconds(status.latency.p50Seconds)} p95 ${seconds(status.latency.p95Seconds)} (seed < ${targets.latencySeconds / 60} min, SLA ${targets.slaSeconds / 60} min); ` +
    `tasks ${tasks} (seed ${count(targets.eventsPerMinutePerTask)}/min per task)`
  );
}

function summaryTable(summary: FeedSummary): string {
  const { targets, latency } = summary;
  const verdict = (value: number | null, limit: number) => (value === null ? '' : value < limit ? 'met' : 'NOT met');
  const rows: Record<string, string>[] = [
    {
      measure: 'events written',
      value: `${count(summary.written.total)} (${count(summary.written.subscription)} subscription, ${count(summary.written.content)} content)`,
      seed: '',
      verdict: '',
    },
    { measure: 'raw rows loaded', value: count(summary.loaded), seed: '', verdict: '' },
    { measure: 'records rejected (LOAD_ERRORS)', value: count(summary.rejected), seed: '', verdict: '' },
    { measure: 'staged rows', value: count(summary.staged), seed: '', verdict: '' },
    {
      measure: 'latency p50',
      value: seconds(latency.p50Seconds),
      seed: `< ${targets.latencySeconds} s`,
      verdict: verdict(latency.p50Seconds, targets.latencySeconds),
    },
    {
      measure: 'latency p95',
      value: seconds(latency.p95Seconds),
      seed: `< ${targets.latencySeconds} s (SLA ${targets.slaSeconds} s)`,
      verdict: verdict(latency.p95Seconds, targets.latencySeconds),
    },
    {
      measure: 'latency max',
      value: seconds(latency.maxSeconds),
      seed: `SLA ${targets.slaSeconds} s`,
      verdict: verdict(latency.maxSeconds, targets.slaSeconds),
    },
  ];
  for (const task of summary.tasks) {
    rows.push({
      measure: `${task.name} (${task.succeeded} ran, ${task.skipped} skipped, ${task.failed} failed)`,
      value: task.eventsPerMinute === null ? 'n/a' : `${count(task.eventsPerMinute)} rows/min`,
      seed: `${count(targets.eventsPerMinutePerTask)}/min`,
      verdict: task.eventsPerMinute === null ? '' : task.eventsPerMinute >= targets.eventsPerMinutePerTask ? 'met' : 'NOT met',
    });
  }
  for (const [stream, pending] of Object.entries(summary.pending)) rows.push({ measure: `${stream} pending`, value: count(pending), seed: '', verdict: '' });
  return formatTable(['measure', 'value', 'seed', 'verdict'], rows, { maxWidth: 60 });
}

export function registerFeed(program: Command): void {
  withWarehouseOptions(
    program
      .command('feed')
      .description("A live feed into the pack's landing folder, loaded and staged by its 1-minute tasks as it runs, with latency and throughput")
      .option('--rate <events-per-minute>', "events a minute, all sources (default: the seed's daily volumes)")
      .option('--duration <time>', 'how long to run: 30s, 5m, 1h (Ctrl-C stops it earlier)', '5m')
      .option('--ticks <n>', 'stop after this many scheduler ticks (whichever comes first with --duration)')
      .option('--tick <time>', 'how often the scheduler loads new files and runs the staging tasks (default: their SCHEDULE, 1 minute); shorter for a demo'),
  ).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const rate = raw.rate === undefined ? undefined : parseRate(String(raw.rate));
      const durationMs = parseDuration('--duration', String(raw.duration ?? '5m'));
      const ticks = raw.ticks === undefined ? undefined : String(raw.ticks);
      if (ticks !== undefined && !/^[1-9]\d*$/.test(ticks.trim())) throw new UserError(`--ticks must be a positive whole number, got "${ticks}"`);
      const feed = await packFeed(options.config.pack);
      const tickMs = raw.tick === undefined ? feed.TASK_SCHEDULE_MS : parseDuration('--tick', String(raw.tick));
      if (tickMs > feed.TASK_SCHEDULE_MS) throw new UserError(`--tick can shorten the tasks' 1-minute schedule, not lengthen it, got "${String(raw.tick)}"`);
      const onSnowflake = options.config.backend === 'snowflake';
      const runSnowflakeFeed = feed.runSnowflakeFeed;
      if (onSnowflake && runSnowflakeFeed === undefined) {
        throw new UserError(`the ${options.config.pack.name} pack's live feed runs on the local warehouse only`, undefined, 'pass --backend local');
      }
      const io = currentIo();
      // The status lines go where a person watches: stdout on a terminal, else stderr (stdout keeps the summary).
      const screen = io.stdout.isTTY && !options.json ? io.stdout : io.stderr;
      const perMinute = rate ?? feed.SEED_EVENTS_PER_MINUTE;
      const schedule = onSnowflake
        ? `the account's tasks on their SCHEDULE, 1 MINUTE (--tick sets only how often the feed PUTs a batch: ${tickMs / 1000} s)`
        : tickMs === feed.TASK_SCHEDULE_MS
          ? 'schedule 1 MINUTE'
          : `schedule 1 MINUTE, shortened to ${tickMs / 1000} s for this feed`;
      screen.write(
        `feed: ${options.config.pack.name} pack, ${perMinute.toFixed(1)} events a minute${rate === undefined ? " (the seed's daily volumes)" : ''} for ${durationMs / 1000} s; ` +
          `load and staging tasks: ${schedule}; Ctrl-C stops it cleanly\n`,
      );
      const feedOptions = {
        dataDir: options.config.dataDir,
        seed: options.config.seed,
        rate,
        durationMs,
        ...(ticks === undefined ? {} : { maxTicks: Number(ticks) }),
        tickMs,
        onTick: (status: FeedStatus) => screen.write(`${statusLine(status, feed.SEED_TARGETS)}\n`),
      };
      const summary = await withBackend(options.config, async (backend) => {
        if (!onSnowflake || runSnowflakeFeed === undefined) return withInterrupt((signal) => feed.runFeed(backend, { ...feedOptions, signal }));
        // The files are made on the local warehouse, from its roster, and PUT to the account.
        const { openWarehouseForWrite } = await import('../../warehouse/open-for-write.js');
        const local = await openWarehouseForWrite({ ...options.config, backend: 'local' }, { fresh: false, notice: printError });
        try {
          return await withInterrupt((signal) => runSnowflakeFeed(backend, local, { ...feedOptions, signal }));
        } finally {
          await local.close();
        }
      });
      if (options.json) printJson(summary);
      else {
        if (summary.interrupted) printLine('stopped by Ctrl-C: every file loaded whole, every task run committed whole; a next feed continues from here');
        printLine(summaryTable(summary));
        printLine(`support tickets: ${summary.supportTickets}`);
        for (const issue of summary.issues) printLine(`issue: ${issue}`);
      }
      return summary.tasks.some((t) => t.failed > 0) ? ExitCode.checkFailed : ExitCode.ok;
    }),
  );
}
