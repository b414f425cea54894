import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { loadPack } from '../../src/core/pack.js';
import { dagProblems, loadDag, parseDag } from '../../src/orchestration/dag.js';
import type { StageReport } from '../../src/pipeline/pipeline.js';
import { executeTask, showTasks, streamProcess, streamStatus, taskHistory } from '../../src/orchestration/index.js';
import { runConfig } from '../../src/core/config.js';
import { streamProcessLocal } from '../../src/orchestration/local/process.js';
import { bodyStatements } from '../../src/orchestration/task-body.js';
import { loadLanding } from '../../src/scenario/media/index.js';
import { repoPath } from '../../src/util/paths.js';
import { tempDir } from '../helpers/cli.js';
import { runCliInProcess } from '../support/cli.js';
import { copyMediaWarehouse, mediaPipelineReport, textColumnStorage } from '../support/warehouse.js';

const media = loadPack('media');
const SUBSCRIBERS_TASK = 'sfe_process_subscribers_task';
const ENGAGEMENT_TASK = 'sfe_process_engagement_task';

let root: string;
let landing: string;
let backend: LocalDuckDbBackend;
let stages: StageReport[];

const count = async (sql: string) => Number((await backend.query(sql)).rows[0]!.n);
const stagedCounts = async () => ({
  events: await count('SELECT count(*) AS n FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS'),
  customers: await count('SELECT count(*) AS n FROM SFE_STG_MEDIA.STG_UNIFIED_CUSTOMER'),
  views: await count('SELECT count(*) AS n FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT'),
});
const offsets = async () => (await backend.query('SELECT stream_name, offset_id, consumed_rows FROM _SNOWFLAKE_EMULATION.stream_offsets ORDER BY 1')).rows;

beforeAll(async () => {
  // The suite's `pipeline --pack media --scale test` (test/support/global-setup.ts), copied.
  root = copyMediaWarehouse('c360-media-staging-');
  stages = mediaPipelineReport();
  landing = path.join(root, 'media', 'landing');
  backend = await LocalDuckDbBackend.open({ dataDir: path.join(root, 'media'), pack: media });
}, 60_000);

afterAll(async () => {
  await backend?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('media pipeline: generate, load, the two staging tasks, checks', () => {
  it('runs end to end at test scale: every stage ok, every check of both layers passes', () => {
    expect(stages.map((s) => [s.stage, s.status])).toEqual([
      ['generate', 'ok'],
      ['load', 'ok'],
      ['staging', 'ok'],
      ['dbt build', 'ok'],
      ['churn train', 'ok'],
      ['score', 'ok'],
      ['validate', 'ok'],
    ]);
    expect(stages[2]!.detail).toMatch(/sfe_process_subscribers_task SUCCEEDED \+\d+, sfe_process_engagement_task SUCCEEDED \+\d+/);
    const checks = stages.find((s) => s.stage === 'validate')!.data as { name: string; status: string }[];
    expect(checks.map((c) => c.name)).toEqual([
      'files_present',
      'subscription_volume',
      'content_volume',
      'support_volume',
      'reject_rate',
      'staging_no_duplicates',
      'staging_invalid_not_propagated',
      'staging_bots_removed',
      'staging_reconciles',
    ]);
    expect(checks.filter((c) => c.status !== 'pass')).toEqual([]);
  });

  it('creates STG_CONTENT_ENGAGEMENT from its local copy: the view id stored as it is, the other text encoded', async () => {
    const columns = ['view_id', 'subscriber_id', 'section', 'source_file'];
    expect(await textColumnStorage(backend, 'SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT', columns)).toEqual({
      section: ['DICT_FSST'],
      source_file: ['DICT_FSST'],
      subscriber_id: ['DICT_FSST'],
      view_id: ['Uncompressed'],
    });
  });

  it('stages every raw event once: duplicates dropped, invalid ones flagged and kept out of the unified customer', async () => {
    const raw = await count('SELECT count(DISTINCT event_id) AS n FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS');
    const { events, customers } = await stagedCounts();
    expect(events).toBe(raw);
    expect(await count('SELECT count(*) AS n FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS WHERE NOT is_valid')).toBeGreaterThan(5);
    expect(customers).toBe(await count('SELECT count(DISTINCT subscriber_id) AS n FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS WHERE is_valid'));
    // Bot agents are in raw but not in staging.
    expect(await count("SELECT count(*) AS n FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT WHERE user_agent LIKE 'Googlebot%'")).toBeGreaterThan(0);
    expect(
      await count(
        "SELECT count(*) AS n FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT s JOIN SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT r ON r.load_key = s.raw_load_key WHERE r.user_agent LIKE 'Googlebot%'",
      ),
    ).toBe(0);
  });

  it('a second load adds nothing and both tasks are SKIPPED, with TASK_HISTORY saying why', async () => {
    const before = await stagedCounts();
    const load = await loadLanding(backend, { landingDir: landing });
    expect(load.rowsLoaded).toBe(0);
    for (const task of [SUBSCRIBERS_TASK, ENGAGEMENT_TASK]) {
      const run = await streamProcess(backend, { task });
      expect(run.state).toBe('SKIPPED');
      expect(run.history.error_message).toMatch(/Conditional expression .* evaluated to false/);
    }
    expect(await stagedCounts()).toEqual(before);
  });

  it('applies the rules to new arrivals; a failure before COMMIT leaves staging and the offsets as they were', async () => {
    const known = (await backend.query('SELECT subscriber_id FROM SFE_RAW_MEDIA.SUBSCRIBERS ORDER BY subscriber_id LIMIT 1')).rows[0]!.subscriber_id as string;
    const orphan = '00000000-0000-4000-8000-000000000001';
    const event = (id: string, subscriber: string, type: string, at: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        event_id: id,
        subscriber_id: subscriber,
        event_type: type,
        event_timestamp: at,
        plan: 'premium',
        currency: 'USD',
        channel: 'web',
        ...extra,
      });
    const lines = [
      event('e-valid', known, 'upgrade', '2025-07-01T08:00:00Z', { plan: null }),
      event('e-valid', known, 'upgrade', '2025-07-01T08:00:00Z'),
      event('e-refund', known, 'payment', '2025-07-01T09:00:00Z', { payment_amount: -5 }),
      event('e-future', known, 'cancel', '2026-01-01T00:00:00Z'),
      event('e-orphan', orphan, 'signup', '2025-07-01T10:00:00Z'),
    ];
    fs.writeFileSync(path.join(landing, 'subscription_events', '2025-07-01.jsonl'), `${lines.join('\n')}\n`);
    const header = 'view_id,subscriber_id,session_id,article_id,section,event_timestamp,time_spent_seconds,user_agent';
    const human = 'Mozilla/5.0 (X11; Linux) Firefox/125.0';
    const views = [
      `v-read,${known},s-human,7,Politics,2025-07-01 08:00:00,300,${human}`,
      `v-skim,${known},s-human,8,,2025-07-01 08:03:00,-20,${human}`,
      `v-crawler,${known},s-crawl,9,world,2025-07-01 08:04:00,1,Googlebot/2.1 (+http://www.google.com/bot.html)`,
      ...Array.from({ length: 25 }, (_, i) => `v-burst-${i},${known},s-burst,${i + 1},world,2025-07-01 08:05:${String(i).padStart(2, '0')},1,${human}`),
    ];
    fs.mkdirSync(path.join(landing, 'content_engagement', '2025-07-01'), { recursive: true });
    fs.writeFileSync(path.join(landing, 'content_engagement', '2025-07-01', '0800.csv'), `${[header, ...views].join('\n')}\n`);
    // The load task of the graph runs the pipeline's load stage.
    const load = await executeTask(backend, 'sfe_load_landing_task', { config: runConfig({ dataDir: path.join(root, 'media'), pack: media, scale: 'test' }) });
    expect(load.tasks.map((t) => t.state)).toEqual(['SUCCEEDED']);
    expect(await count("SELECT count(*) AS n FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT WHERE source_file LIKE '%2025-07-01%'")).toBe(views.length);

    const before = await stagedCounts();
    const offsetsBefore = await offsets();
    const reconciledRuns = await count('SELECT count(*) AS n FROM SFE_STG_MEDIA.STAGING_RECONCILIATION');
    for (const task of [SUBSCRIBERS_TASK, ENGAGEMENT_TASK]) {
      const failed = await streamProcessLocal(backend, {
        task,
        beforeMergeCommit: async () => {
          throw new Error('warehouse lost mid-task');
        },
      });
      expect(failed.state).toBe('FAILED');
    }
    expect(await stagedCounts()).toEqual(before);
    expect(await offsets()).toEqual(offsetsBefore);
    // A failed run records no reconciliation: it commits with the staging rows or not at all.
    expect(await count('SELECT count(*) AS n FROM SFE_STG_MEDIA.STAGING_RECONCILIATION')).toBe(reconciledRuns);
    expect((await streamStatus(backend, { stream: 'sfe_subscriber_events_stream' })).pending_rows).toBe(lines.length);

    expect(await streamProcess(backend, { task: SUBSCRIBERS_TASK })).toMatchObject({ state: 'SUCCEEDED', merged_rows: 4 });
    expect(await streamProcess(backend, { task: ENGAGEMENT_TASK })).toMatchObject({ state: 'SUCCEEDED', merged_rows: 2 });

    const staged = await backend.query(
      "SELECT event_id, is_valid, invalid_reason, is_orphan, plan FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS WHERE event_id LIKE 'e-%' ORDER BY event_id",
    );
    expect(staged.rows).toEqual([
      { event_id: 'e-future', is_valid: false, invalid_reason: 'event_timestamp after its delivery', is_orphan: false, plan: 'premium' },
      { event_id: 'e-orphan', is_valid: true, invalid_reason: null, is_orphan: true, plan: 'premium' },
      { event_id: 'e-refund', is_valid: false, invalid_reason: 'payment_amount not > 0', is_orphan: false, plan: 'premium' },
      { event_id: 'e-valid', is_valid: true, invalid_reason: null, is_orphan: false, plan: 'unknown' },
    ]);
    // The latest VALID event wins: the later refund and cancel are invalid and do not propagate.
    const customer = await backend.query(`SELECT last_event_id, subscription_status FROM SFE_STG_MEDIA.STG_UNIFIED_CUSTOMER WHERE subscriber_id = '${known}'`);
    expect(customer.rows).toEqual([{ last_event_id: 'e-valid', subscription_status: 'active' }]);
    expect(await count(`SELECT count(*) AS n FROM SFE_STG_MEDIA.STG_UNIFIED_CUSTOMER WHERE subscriber_id = '${orphan}' AND is_orphan`)).toBe(1);

    const engaged = await backend.query(
      "SELECT view_id, section, engagement_score FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT WHERE view_id LIKE 'v-%' ORDER BY view_id",
    );
    expect(engaged.rows.map((r) => [r.view_id, r.section, Number(r.engagement_score)])).toEqual([
      ['v-read', 'politics', 50],
      ['v-skim', 'unknown', 0],
    ]);
    expect((await streamProcess(backend, { task: SUBSCRIBERS_TASK })).state).toBe('SKIPPED');

    // Each run recorded where its raw rows went: the repeated e-valid is a duplicate; the crawler
    // and the 25-view burst are bots; nothing lost. The view sums the runs and finds none lost.
    const runs = await backend.query(
      `SELECT source, raw_rows, staged_valid, flagged_invalid, duplicates_removed, bots_filtered, orphans
       FROM SFE_STG_MEDIA.STAGING_RECONCILIATION ORDER BY staged_at DESC, source LIMIT 2`,
    );
    expect(runs.rows.map((r) => Object.values(r).map((v) => (typeof v === 'string' ? v : Number(v))))).toEqual([
      ['content views', views.length, 2, 0, 0, 26, 0],
      ['subscription events', lines.length, 2, 2, 1, 0, 1],
    ]);
    const totals = await backend.query(
      'SELECT source, lost, staging_rows - staged_valid - flagged_invalid AS unrecorded FROM SFE_STG_MEDIA.V_STAGING_RECONCILIATION',
    );
    expect(totals.rows.map((r) => [r.source, Number(r.lost), Number(r.unrecorded)])).toEqual([
      ['subscription events', 0, 0],
      ['content views', 0, 0],
    ]);
  });

  it('`tasks show --pack media` lists the 1-minute load, the two 1-minute stream tasks with their conditions and the churn tasks', async () => {
    const result = await runCliInProcess(['tasks', 'show', '--pack', 'media', '--data-dir', root, '--json']);
    expect(result.status, result.stderr).toBe(0);
    const tasks = JSON.parse(result.stdout) as { name: string; schedule: string; condition: string }[];
    expect(tasks.map(({ name, schedule, condition }) => ({ name, schedule, condition }))).toEqual([
      { name: 'SFE_LOAD_LANDING_TASK', schedule: '1 MINUTE', condition: null },
      { name: 'SFE_PROCESS_SUBSCRIBERS_TASK', schedule: '1 MINUTE', condition: "SYSTEM$STREAM_HAS_DATA('sfe_subscriber_events_stream')" },
      { name: 'SFE_PROCESS_ENGAGEMENT_TASK', schedule: '1 MINUTE', condition: "SYSTEM$STREAM_HAS_DATA('sfe_content_stream')" },
      { name: 'SFE_WEEKLY_CHURN_TRAINING_TASK', schedule: 'USING CRON 0 2 * * SUN UTC', condition: null },
      { name: 'SFE_DAILY_CHURN_SCORING_TASK', schedule: 'USING CRON 0 4 * * * UTC', condition: null },
    ]);
    expect((await showTasks(backend)).map((t) => t.name)).toEqual(tasks.map((t) => t.name));
  });
});

describe('one definition: sql/media drives both Snowflake and the local emulation', () => {
  const dag = loadDag(media);
  const ddl = fs.readFileSync(repoPath('sql', 'media', 'setup', '03_staging.sql'), 'utf8');
  const columnsOf = (table: string) => {
    const body = new RegExp(`CREATE TABLE IF NOT EXISTS SFE_STG_MEDIA\\.${table} \\(([\\s\\S]*?)\\n\\);`).exec(ddl)![1]!;
    return [...body.matchAll(/^\s+(\w+)\s+[A-Z]/gm)].map((m) => m[1]!).sort();
  };

  it('the streams are on the raw tables; the load task runs the load stage, the stream tasks their bodies, the churn tasks their stages', () => {
    expect(dag.streams.map((s) => [s.name, s.table, s.appendOnly])).toEqual([
      ['SFE_SUBSCRIBER_EVENTS_STREAM', 'SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS', true],
      ['SFE_CONTENT_STREAM', 'SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT', true],
    ]);
    expect(dag.tasks.map((t) => [t.name, t.localStage, t.resumed])).toEqual([
      ['SFE_LOAD_LANDING_TASK', 'load', false],
      ['SFE_PROCESS_SUBSCRIBERS_TASK', 'stream process', true],
      ['SFE_PROCESS_ENGAGEMENT_TASK', 'stream process', true],
      ['SFE_WEEKLY_CHURN_TRAINING_TASK', 'churn train', true],
      ['SFE_DAILY_CHURN_SCORING_TASK', 'score', true],
    ]);
    expect(dagProblems(dag)).toEqual([]);
  });

  it('the tasks write exactly the columns 03_staging.sql creates, on both engines the same file', () => {
    const written: Record<string, string[]> = {};
    for (const task of dag.tasks.filter((t) => t.localStage === 'stream process')) {
      for (const statement of bodyStatements(task.definition)) {
        const target = /(?:MERGE|INSERT) INTO SFE_STG_MEDIA\.(\w+)/.exec(statement)![1]!;
        const insert = /INSERT(?:\s+INTO\s+[\w.]+)?\s*\(([^)]*)\)/.exec(statement)!;
        written[target] = insert[1]!
          .split(',')
          .map((c) => c.trim())
          .sort();
      }
    }
    expect(Object.keys(written).sort()).toEqual(['STAGING_RECONCILIATION', 'STG_CONTENT_ENGAGEMENT', 'STG_SUBSCRIBER_EVENTS', 'STG_UNIFIED_CUSTOMER']);
    for (const [table, columns] of Object.entries(written)) expect(columns, table).toEqual(columnsOf(table));
  });

  it('TASK_HISTORY records the body exactly as the file writes it', async () => {
    const history = await taskHistory(backend, { name: SUBSCRIBERS_TASK, limit: 50 });
    const ran = history.find((h) => h.state === 'SUCCEEDED')!;
    expect(ran.query_text).toBe(dag.tasks.find((t) => t.name === SUBSCRIBERS_TASK.toUpperCase())!.definition);
  });
});

describe('a stream created with SHOW_INITIAL_ROWS = TRUE on a table that already has rows', () => {
  it('offers those rows on its first read (a stream without the option starts at the end)', async () => {
    expect(parseDag('CREATE STREAM s ON TABLE A.B APPEND_ONLY = TRUE SHOW_INITIAL_ROWS = TRUE;').streams[0]!.showInitialRows).toBe(true);
    expect(parseDag('CREATE STREAM s ON TABLE A.B APPEND_ONLY = TRUE;').streams[0]!.showInitialRows).toBe(false);
    const dir = tempDir('c360-media-initial-');
    const fresh = await LocalDuckDbBackend.open({ dataDir: path.join(dir, 'media'), pack: media });
    try {
      await fresh.execute('CREATE SCHEMA IF NOT EXISTS SFE_RAW_MEDIA;');
      await fresh.execute(fs.readFileSync(repoPath('src', 'scenario', 'media', 'ingest', 'raw_tables.sql'), 'utf8'));
      await fresh.execute(
        `INSERT INTO SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS (load_key, event_id, payload, source_file, source_line, loaded_at)
         SELECT i, 'e' || i, '{}', 'subscription_events/2025-06-30.jsonl', i, TIMESTAMP '2025-06-30 12:00:00' FROM range(1, 4) AS t(i)`,
      );
      const status = await streamStatus(fresh, { stream: 'sfe_subscriber_events_stream' });
      expect(status.pending_rows).toBe(3);
    } finally {
      await fresh.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
