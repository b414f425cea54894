import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { loadPack } from '../../src/core/pack.js';
import { runFeed, type FeedSummary } from '../../src/scenario/media/feed.js';
import { tempDir } from '../helpers/cli.js';
import { runCliInProcess } from '../support/cli.js';

const media = loadPack('media');

let root: string;
let packDir: string;
let landing: string;

/** A warehouse with only the roster generation keeps: all the feed needs, and quick to make. */
async function withRoster(dir: string): Promise<void> {
  const backend = await LocalDuckDbBackend.open({ dataDir: dir, pack: media });
  try {
    await backend.execute(`CREATE SCHEMA IF NOT EXISTS SFE_RAW_MEDIA;
      CREATE TABLE SFE_RAW_MEDIA.SUBSCRIBERS AS
      SELECT printf('%08x-0000-4000-8000-%012x', i, i) AS subscriber_id, ['basic', 'standard', 'premium'][1 + i % 3] AS plan, DATE '2025-01-01' AS subscribed_on
      FROM range(1, 41) AS t(i);`);
  } finally {
    await backend.close();
  }
}

const feedFiles = () =>
  fs
    .readdirSync(landing, { recursive: true, encoding: 'utf8' })
    .filter((name) => /feed-\d+\.(jsonl|csv)$/.test(name))
    .sort();
/** Data lines in the feed's files (the CSV header is not a record). */
const fileLines = () =>
  feedFiles().reduce((sum, name) => {
    const lines = fs.readFileSync(path.join(landing, name), 'utf8').split('\n').filter(Boolean);
    return sum + lines.length - (name.endsWith('.csv') ? 1 : 0);
  }, 0);

beforeAll(async () => {
  root = tempDir('c360-media-feed-');
  packDir = path.join(root, 'media');
  landing = path.join(packDir, 'landing');
  await withRoster(packDir);
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('c360-demo feed --pack media', () => {
  let summary: FeedSummary;

  it('writes files, loads them whole, stages them and measures every staged event', async () => {
    const result = await runCliInProcess([
      'feed',
      '--pack',
      'media',
      '--data-dir',
      root,
      '--rate',
      '30000',
      '--duration',
      '1m',
      '--ticks',
      '3',
      '--tick',
      '150ms',
      '--json',
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('schedule 1 MINUTE, shortened to 0.15 s for this feed');
    expect(result.stderr).toMatch(/tick 1: written \d+/);
    summary = JSON.parse(result.stdout) as FeedSummary;
    expect(summary.tick).toBe(3);
    // ~225 events in 0.45 s at 30,000 a minute, every one of them in a file.
    expect(summary.written.total).toBeGreaterThan(150);
    expect(feedFiles().length).toBe(summary.written.files);
    // Every line of every file is either a raw row or a rejected record, once.
    expect(summary.loaded + summary.rejected).toBe(fileLines());
    expect(summary.staged).toBeGreaterThan(0.8 * summary.loaded);
    expect(Object.values(summary.pending)).toEqual([0, 0]);

    const backend = await LocalDuckDbBackend.open({ dataDir: packDir, pack: media, readOnly: true });
    try {
      const { rows } = await backend.query(`
        SELECT count(*) AS n FROM (
          SELECT event_timestamp, invalid_reason FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS
          UNION ALL SELECT event_timestamp, invalid_reason FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT)
        WHERE event_timestamp IS NOT NULL AND coalesce(invalid_reason, '') NOT LIKE '%event_timestamp%'`);
      // Percentiles over all of them, not a sample.
      expect(summary.latency.measured).toBe(Number(rows[0]!.n));
    } finally {
      await backend.close();
    }
    const { p50Seconds, p95Seconds, maxSeconds } = summary.latency;
    expect(p50Seconds).toBeGreaterThan(0);
    expect(p50Seconds!).toBeLessThanOrEqual(p95Seconds!);
    expect(p95Seconds!).toBeLessThanOrEqual(maxSeconds!);
    // An event waits at most a tick to be written, then one load and one task run (loose: the suite shares 2 cores).
    expect(p95Seconds!).toBeLessThan(30);
    const engagement = summary.tasks.find((t) => t.name === 'SFE_PROCESS_ENGAGEMENT_TASK')!;
    expect(engagement.succeeded).toBeGreaterThan(0);
    expect(engagement.eventsPerMinute).toBeGreaterThan(0);
  });

  it('stopped mid-run leaves consistent tables, and a second run continues after it', async () => {
    const controller = new AbortController();
    const backend = await LocalDuckDbBackend.open({ dataDir: packDir, pack: media });
    try {
      // Stopped at some point of its second tick: a write, a load or a task run.
      setTimeout(() => controller.abort(), 230);
      const stopped = await runFeed(backend, { dataDir: packDir, seed: 42, rate: 30000, durationMs: 5000, tickMs: 150, signal: controller.signal });
      expect(stopped.interrupted).toBe(true);
      expect(stopped.firstBatch).toBe(summary.lastBatch! + 1);

      const consistency = async () => {
        const { rows } = await backend.query(`
          SELECT
            (SELECT count(*) FROM SFE_RAW_MEDIA.LOAD_ERRORS e JOIN SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT s ON s.source_file = e.file_name AND s.source_line = e.line_number) AS both_places,
            (SELECT count(*) FROM (SELECT view_id FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT GROUP BY view_id HAVING count(*) > 1)) AS duplicate_views,
            (SELECT count(*) FROM (SELECT event_id FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS GROUP BY event_id HAVING count(*) > 1)) AS duplicate_events,
            (SELECT count(*) FROM SFE_RAW_MEDIA.LOAD_HISTORY h
              WHERE h.row_count + h.error_count <> (SELECT count(*) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT r WHERE r.source_file = h.file_name)
                + (SELECT count(*) FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS r WHERE r.source_file = h.file_name)
                + (SELECT count(*) FROM SFE_RAW_MEDIA.LOAD_ERRORS e WHERE e.file_name = h.file_name)) AS partial_files`);
        return rows[0];
      };
      expect(await consistency()).toEqual({ both_places: 0, duplicate_views: 0, duplicate_events: 0, partial_files: 0 });
      const filesBefore = feedFiles().length;

      const resumed = await runFeed(backend, { dataDir: packDir, seed: 42, rate: 30000, durationMs: 60_000, maxTicks: 1, tickMs: 150 });
      expect(resumed.interrupted).toBe(false);
      expect(resumed.firstBatch).toBe((stopped.lastBatch ?? stopped.firstBatch - 1) + 1);
      expect(feedFiles().length).toBeGreaterThan(filesBefore);
      // Whatever the stopped run left in the streams is staged now; every line of every file is accounted for once.
      expect(Object.values(resumed.pending)).toEqual([0, 0]);
      expect(await consistency()).toEqual({ both_places: 0, duplicate_views: 0, duplicate_events: 0, partial_files: 0 });
      const { rows } = await backend.query(`SELECT
        (SELECT count(*) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT) + (SELECT count(*) FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS) + (SELECT count(*) FROM SFE_RAW_MEDIA.LOAD_ERRORS) AS n`);
      expect(Number(rows[0]!.n)).toBe(fileLines());
    } finally {
      await backend.close();
    }
  });

  it.each([
    [['--rate', '0'], /--rate must be a positive number/],
    [['--duration', 'abc'], /--duration must be a positive duration/],
    [['--tick', '0'], /--tick must be a positive duration/],
    [['--tick', '2m'], /--tick can shorten the tasks' 1-minute schedule/],
  ])('refuses %j in one line, exit 2', async (args, message) => {
    const result = await runCliInProcess(['feed', '--pack', 'media', '--data-dir', root, ...args]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a pack without a feed in one line, exit 2', async () => {
    const result = await runCliInProcess(['feed', '--pack', 'credit-card', '--data-dir', root]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/the credit-card pack has no live feed/);
  });
});
