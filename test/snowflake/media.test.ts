/**
 * The media pack on "Snowflake", through the real snowflake-sdk against the loopback account:
 * `deploy --pack media` creates the pack's objects from sql/media/; files PUT to the landing
 * stage and loaded by the deployed procedure land their rows, and the malformed ones land in
 * LOAD_ERRORS (COPY ... ON_ERROR = CONTINUE and VALIDATE); and
 * `feed --backend snowflake` PUTs its batches while the account's resumed tasks load and stage
 * them on a shortened schedule, measured from the staging tables.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import type { Backend } from '../../src/backends/backend.js';
import { openSnowflakeBackend } from '../../src/backends/snowflake/index.js';
import { runConfig } from '../../src/core/config.js';
import { loadPack } from '../../src/core/pack.js';
import { repoPath } from '../../src/util/paths.js';
import type { FeedSummary } from '../../src/scenario/media/feed.js';
import { runCliInProcess } from '../support/cli.js';
import { localTaskHandlers, startLoopbackServer, type LoopbackServer } from '../support/snowflake/loopback-server.js';
import { writeLoopbackConnection } from '../support/snowflake/connection.js';

const media = loadPack('media');
const PASSWORD = 'media-test-password';
let accountDir: string;
let cliRoot: string;
let home: string;
let stagesRoot: string;
let files: string;
let warehouse: LocalDuckDbBackend;
let server: LoopbackServer;
let umask: number;

const run = (args: string[]) => runCliInProcess(args, { env: { SNOWFLAKE_HOME: home, SNOWFLAKE_ACCOUNT: undefined } });

async function snowflake<T>(work: (backend: Backend) => Promise<T>): Promise<T> {
  const backend = await openSnowflakeBackend({ pack: media, connection: 'loop' }, { ...process.env, SNOWFLAKE_HOME: home, SNOWFLAKE_ACCOUNT: undefined });
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}

beforeAll(async () => {
  umask = process.umask(0o022);
  process.umask(umask);
  const temp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  [accountDir, cliRoot, home, stagesRoot, files] = [
    temp('c360-sf-media-'),
    temp('c360-sf-media-cli-'),
    temp('c360-sf-media-home-'),
    temp('c360-sf-media-stages-'),
    temp('c360-sf-media-files-'),
  ];
  warehouse = await LocalDuckDbBackend.open({ dataDir: path.join(accountDir, 'media'), pack: media });
  const config = runConfig({ dataDir: path.join(accountDir, 'media'), pack: media, backend: 'local', scale: 'test' });
  server = await startLoopbackServer({
    backend: warehouse,
    users: { C360_TEST: PASSWORD },
    roles: ['PUBLIC', 'SYSADMIN', 'ACCOUNTADMIN'],
    warehouses: ['COMPUTE_WH'],
    databases: [],
    account: { config, stagesRoot },
    handlers: localTaskHandlers(warehouse, { config }),
  });
  // The feed's own warehouse: only the roster generation keeps, all the feed needs.
  const local = await LocalDuckDbBackend.open({ dataDir: path.join(cliRoot, 'media'), pack: media });
  try {
    await local.execute(`CREATE SCHEMA IF NOT EXISTS SFE_RAW_MEDIA;
      CREATE TABLE SFE_RAW_MEDIA.SUBSCRIBERS AS
      SELECT printf('%08x-0000-4000-8000-%012x', i, i) AS subscriber_id, ['basic', 'standard', 'premium'][1 + i % 3] AS plan, DATE '2025-01-01' AS subscribed_on
      FROM range(1, 41) AS t(i);`);
  } finally {
    await local.close();
  }
  writeLoopbackConnection(home, server.port, PASSWORD);
});

afterAll(async () => {
  // The driver's LOCAL_FS upload sets the process umask to 0; the worker runs other files after this one.
  process.umask(umask);
  await server?.close();
  await warehouse?.close();
  for (const dir of [accountDir, cliRoot, home, stagesRoot, files]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('c360-demo deploy --pack media', () => {
  it('creates the schemas, stage, file formats, raw and staging tables, the loader, streams, tasks and the Streamlit app', async () => {
    const first = await run(['deploy', '--pack', 'media', '--connection', 'loop', '--yes', '--json']);
    expect(first.status, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as { steps: { step: string; result: string }[] };
    expect(report.steps.map((s) => s.step)).toEqual([
      'media-account',
      'media-raw',
      'media-ingest',
      'media-staging',
      'media-tasks',
      'media-ml',
      'media-streamlit',
    ]);
    // The ML scripts and the app are uploaded when the package has them.
    const uploaded = (...folder: string[]) => (fs.existsSync(repoPath(...folder)) ? 'applied' : 'skipped');
    expect(report.steps.map((s) => s.result)).toEqual([...Array(5).fill('applied'), uploaded('sql', 'media', 'ml'), uploaded('streamlit', 'media')]);
    const objects = [...server.account!.objects.keys()];
    for (const object of [
      'SCHEMA CUSTOMER_ANALYTICS.SFE_RAW_MEDIA',
      'SCHEMA CUSTOMER_ANALYTICS.SFE_STG_MEDIA',
      'SCHEMA CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA',
      'STAGE CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_LANDING',
      'FILE FORMAT CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_CONTENT_CSV',
      'FILE FORMAT CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_SUPPORT_PARQUET',
      'TABLE CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SUBSCRIBERS',
      'TABLE CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.LOAD_ERRORS',
      'TABLE CUSTOMER_ANALYTICS.SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT',
      'TABLE CUSTOMER_ANALYTICS.SFE_STG_MEDIA.STAGING_RECONCILIATION',
      'PROCEDURE CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_LOAD_LANDING',
      'STREAM CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_CONTENT_STREAM',
      'TASK CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_PROCESS_SUBSCRIBERS_TASK',
      'TASK CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_LOAD_LANDING_TASK',
      'STAGE CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.SFE_STREAMLIT',
      'STREAMLIT CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.SUBSCRIBER_360_APP',
    ]) {
      expect(objects, object).toContain(object);
    }
    // The app's files reached its stage: the main file, and beside it the queries it reads and the module it imports.
    const appFiles = fs.readdirSync(path.join(stagesRoot, 'CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.SFE_STREAMLIT'), { recursive: true, encoding: 'utf8' });
    expect(appFiles).toEqual(expect.arrayContaining(['streamlit_app.py', 'queries.sql', 'environment.yml', 'c360_streamlit.py']));
  });
});

describe('loading the landing stage on Snowflake', () => {
  it('PUT, then the deployed procedure: COPY lands the good records, the malformed ones go to LOAD_ERRORS, a loaded file is not loaded twice', async () => {
    const content = path.join(files, 'content_engagement', '2025-06-30');
    const subscription = path.join(files, 'subscription_events');
    fs.mkdirSync(content, { recursive: true });
    fs.mkdirSync(subscription, { recursive: true });
    const header = 'view_id,subscriber_id,session_id,article_id,section,event_timestamp,time_spent_seconds,user_agent';
    fs.writeFileSync(
      path.join(content, '1400.csv'),
      `${header}\nv1,s1,x1,17,news,2025-06-30T14:00:01Z,120,"Mozilla/5.0 (X11; Linux x86_64)"\nv2,s2,x2\nv3,s1,x1,18,sport,2025-06-30T14:00:09Z,30,Mozilla/5.0\n`,
    );
    fs.writeFileSync(
      path.join(subscription, '2025-06-30.jsonl'),
      '{"event_id":"e1","subscriber_id":"s1","event_type":"payment","event_timestamp":"2025-06-30T10:00:00Z","payment_amount":19.99}\n{"event_id":"e2","subscr\n',
    );
    const rows = await snowflake(async (backend) => {
      await backend.query(`PUT 'file://${content}/*.csv' @CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_LANDING/content_engagement/2025-06-30 AUTO_COMPRESS = FALSE`);
      await backend.query(`PUT 'file://${subscription}/*.jsonl' @CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_LANDING/subscription_events AUTO_COMPRESS = FALSE`);
      await backend.query('CALL CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_LOAD_LANDING()');
      // Again: the files are in the load metadata, nothing is loaded twice.
      await backend.query('CALL CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_LOAD_LANDING()');
      const read = async (sql: string) => (await backend.query(sql)).rows;
      return {
        views: await read('SELECT view_id, source_file, source_line FROM CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT ORDER BY view_id'),
        events: await read('SELECT event_id, source_line FROM CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS'),
        errors: await read('SELECT table_name, file_name, line_number, raw_record FROM CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.LOAD_ERRORS ORDER BY table_name'),
        history: await read('SELECT file_name, status, row_count, error_count FROM CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.LOAD_HISTORY ORDER BY file_name'),
      };
    });
    expect(rows.views).toEqual([
      { view_id: 'v1', source_file: 'content_engagement/2025-06-30/1400.csv', source_line: 1 },
      { view_id: 'v3', source_file: 'content_engagement/2025-06-30/1400.csv', source_line: 3 },
    ]);
    expect(rows.events).toEqual([{ event_id: 'e1', source_line: 1 }]);
    expect(rows.errors).toEqual([
      { table_name: 'RAW_CONTENT_ENGAGEMENT', file_name: 'content_engagement/2025-06-30/1400.csv', line_number: 3, raw_record: 'v2,s2,x2' },
      { table_name: 'RAW_SUBSCRIBER_EVENTS', file_name: 'subscription_events/2025-06-30.jsonl', line_number: 2, raw_record: '{"event_id":"e2","subscr' },
    ]);
    expect(rows.history).toEqual([
      { file_name: 'content_engagement/2025-06-30/1400.csv', status: 'PARTIALLY_LOADED', row_count: 2, error_count: 1 },
      { file_name: 'subscription_events/2025-06-30.jsonl', status: 'PARTIALLY_LOADED', row_count: 1, error_count: 1 },
    ]);
  });
});

describe('c360-demo feed --pack media --backend snowflake', () => {
  it('PUTs its batches to the landing stage; the account’s resumed tasks load and stage them; latency measured from staging', async () => {
    // The account's 1-minute schedule, shortened: the tasks the feed resumes run every 150 ms.
    server.account!.taskScheduleMs = 150;
    const result = await run([
      'feed',
      '--pack',
      'media',
      '--backend',
      'snowflake',
      '--connection',
      'loop',
      '--data-dir',
      cliRoot,
      '--rate',
      '24000',
      '--duration',
      '1m',
      '--ticks',
      '1',
      '--tick',
      '200ms',
      '--json',
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain("the account's tasks on their SCHEDULE, 1 MINUTE (--tick sets only how often the feed PUTs a batch: 0.2 s)");
    const summary = JSON.parse(result.stdout) as FeedSummary;
    expect(summary.issues).toEqual([]);
    expect(summary.written.total).toBeGreaterThan(50);
    // Every file reached the stage, every record of them is a raw row or a rejected one, and staging has them.
    const staged = fs
      .readdirSync(path.join(stagesRoot, 'CUSTOMER_ANALYTICS.SFE_RAW_MEDIA.SFE_LANDING'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /feed-\d+\.(jsonl|csv)$/.test(f));
    expect(staged).toHaveLength(summary.written.files);
    expect(summary.loaded + summary.rejected).toBeGreaterThanOrEqual(summary.written.total);
    expect(summary.staged).toBeGreaterThan(0);
    expect(summary.latency.measured).toBeGreaterThan(0);
    expect(summary.latency.p95Seconds).toBeGreaterThan(0);
    expect(summary.latency.p95Seconds).toBeLessThan(30);
    // The roster went to the account first: the feed's events are not orphans.
    const orphans = await warehouse.query(
      "SELECT count(*) FILTER (WHERE is_orphan) AS orphans, count(*) AS events FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS WHERE source_file LIKE '%feed-%'",
    );
    expect(Number(orphans.rows[0]!.orphans)).toBeLessThan(Number(orphans.rows[0]!.events));
    // Each stream task ran (TASK_HISTORY since the feed started) and staged its rows of the feed's files.
    expect(summary.tasks.map((t) => t.name)).toEqual(['SFE_PROCESS_SUBSCRIBERS_TASK', 'SFE_PROCESS_ENGAGEMENT_TASK']);
    expect(summary.tasks.every((t) => t.succeeded > 0 && t.failed === 0)).toBe(true);
    expect(summary.tasks[1]!.rows).toBeGreaterThan(0);
    expect(server.account!.taskErrors).toEqual([]);
  });
});

describe('c360-demo teardown --pack media', () => {
  it('drops what the media deploy created and nothing that was there before', async () => {
    const before = server.account!.statements.length;
    const r = await run(['teardown', '--pack', 'media', '--connection', 'loop', '--yes', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const drops = server.account!.statements.slice(before).filter((s) => /^DROP\b/i.test(s));
    expect(drops).toEqual(expect.arrayContaining(['DROP DATABASE IF EXISTS CUSTOMER_ANALYTICS', 'DROP ROLE IF EXISTS C360_ENGINEER']));
    // The warehouse was there before the deploy: it stays.
    expect(drops.some((s) => /WAREHOUSE/i.test(s))).toBe(false);
    expect([...server.account!.objects.keys()].some((k) => k.includes('SFE_RAW_MEDIA') || k.startsWith('STREAMLIT '))).toBe(false);
  });
});
