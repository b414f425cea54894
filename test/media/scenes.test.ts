import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { loadPack } from '../../src/core/pack.js';
import { runConfig } from '../../src/core/config.js';
import { actionCatalog } from '../../src/scenes/actions/meta.js';
import { defaultScenesDir, loadScenes } from '../../src/scenes/load.js';
import { BackendRunner } from '../../src/scenes/runner.js';
import { resultLines } from '../../src/text/blocks.js';
import { runCliInProcess } from '../support/cli.js';
import { packDir } from '../support/pack.js';
import { copyBronzeWarehouse, copyMediaWarehouse, mediaPipelineReport } from '../support/warehouse.js';

const media = loadPack('media');

let root: string;

beforeAll(() => {
  // The suite's `pipeline --pack media --scale test` (test/support/global-setup.ts), copied.
  root = copyMediaWarehouse('c360-media-scenes-');
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** One figure straight from the warehouse, to hold a scene's number against. */
async function scalar(sql: string): Promise<number> {
  const backend = await LocalDuckDbBackend.open({ dataDir: packDir(root, media), pack: media, readOnly: true });
  try {
    return Number(Object.values((await backend.query(sql)).rows[0]!)[0]);
  } finally {
    await backend.close();
  }
}

const present = (...extra: string[]) => runCliInProcess(['present', '--plain', '--pack', 'media', '--backend', 'local', '--data-dir', root, ...extra]);

/** The printed result of one scene: from its header to the next scene's. */
function sceneText(output: string, title: string): string {
  const start = output.indexOf(title);
  expect(start, `scene "${title}" in the output`).toBeGreaterThanOrEqual(0);
  const next = output.indexOf('\nScene ', start);
  return output.slice(start, next < 0 ? undefined : next);
}

const formatted = (n: number) => n.toLocaleString('en-US');

describe('media scenes', () => {
  it('present --plain --pack media renders every scene with live figures and nothing unavailable', async () => {
    expect(mediaPipelineReport().filter((r) => r.status !== 'ok')).toEqual([]);
    const result = await present();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('13 of 13 scenes');
    expect(result.stdout).not.toMatch(/unavailable/i);
    // The one scene that writes (it runs a feed) waits for --execute, as the credit-card trigger does.
    expect(result.stdout.match(/Result: not run/g)).toHaveLength(1);
    expect(sceneText(result.stdout, 'The live feed, now — ')).toContain('Result: not run — action "feed-run" changes the warehouse');

    const [rawRows, rejected, staged] = await Promise.all([
      scalar(
        'SELECT (SELECT count(*) FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS) + (SELECT count(*) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT) + (SELECT count(*) FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS)',
      ),
      scalar('SELECT count(*) FROM SFE_RAW_MEDIA.LOAD_ERRORS'),
      scalar('SELECT (SELECT count(*) FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS) + (SELECT count(*) FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT)'),
    ]);
    expect(rejected).toBeGreaterThan(0);

    const flow = sceneText(result.stdout, 'Data flow — ');
    expect(flow).toContain(`${formatted(rawRows)} raw rows`);
    expect(flow).toContain(`${formatted(rejected)} rejected`);
    expect(flow).toContain(`${formatted(staged)} staged rows`);
    const scores = await scalar('SELECT count(*) FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES');
    expect(flow).toMatch(/\d+ table\(s\)/);
    expect(flow).toContain(`${formatted(scores)} risk scores`);

    const sources = sceneText(result.stdout, 'Sources and formats — ');
    expect(sources).toMatch(/Sample: a subscription event \(JSON line\), subscription_events\/\S+\.jsonl line \d+/);
    expect(sources).toContain('"event_type":"payment"');
    // Raw records are cut into 72-column lines, every character kept.
    expect(sources.replace(/\n +/g, '')).toContain('view_id,subscriber_id,session_id,article_id,section,event_timestamp,time_spent_seconds,user_agent');
    expect(sources).toMatch(/ticket_id: TCK-\d+/);

    const ingestion = sceneText(result.stdout, 'Ingestion — ');
    expect(ingestion).toContain(`rows rejected: ${formatted(rejected)}`);
    expect(ingestion).toMatch(/subscription_events\/\S+\.jsonl:\d+ +malformed JSON/);
    expect(ingestion).toMatch(/content_engagement\/\S+\.csv:\d+ +MISSING COLUMNS/);

    const streams = sceneText(result.stdout, 'Streams and tasks — the staging graph');
    expect(streams).toMatch(/SFE_PROCESS_SUBSCRIBERS_TASK\s+started/);
    expect(streams).toMatch(/SFE_SUBSCRIBER_EVENTS_STREAM\s+FALSE\s+0/);
    expect(streams).toMatch(/SFE_PROCESS_ENGAGEMENT_TASK\s+1\s+0\s+0\s+SUCCEEDED/);

    const feed = sceneText(result.stdout, 'The live feed — ');
    expect(feed).toContain('no feed has run on this warehouse yet');
    expect(feed).toContain('c360-demo feed --pack media --tick 5s');
    expect(feed).not.toMatch(/latency p\d+: \d/);

    const quality = sceneText(result.stdout, 'Staging quality — ');
    const [duplicates, invalid] = await Promise.all([
      scalar(
        "SELECT (SELECT count(*) - count(DISTINCT trim(event_id)) FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS WHERE trim(event_id) <> '') + (SELECT count(*) - count(DISTINCT trim(view_id)) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT WHERE trim(view_id) <> '')",
      ),
      scalar(
        'SELECT (SELECT count(*) FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS WHERE NOT is_valid) + (SELECT count(*) FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT WHERE NOT is_valid)',
      ),
    ]);
    expect(invalid).toBeGreaterThan(0);
    expect(quality).toContain(`invalid flagged: ${formatted(invalid)}`);
    expect(quality).toMatch(/bot views filtered: [1-9]/);
    expect(quality).toContain('lost: 0');
    expect(quality).toMatch(/duplicates removed: [1-9]/);
    // Every removed duplicate is a natural key seen twice in raw (bots' repeated keys are filtered, not counted here).
    expect(Number(/duplicates removed: ([\d,]+)/.exec(quality)![1]!.replace(/,/g, ''))).toBeLessThanOrEqual(duplicates);
    expect(quality).toMatch(/✔ staging_reconciles/);

    // The dashboard half, on the analytics layer.
    const [subscribers, high, deployed] = await Promise.all([
      scalar('SELECT count(*) FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS'),
      scalar(`SELECT count(*) FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES h JOIN SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS d USING (subscriber_id)
        WHERE score_date = (SELECT max(score_date) FROM SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES) AND risk_tier = 'High' AND d.subscription_status = 'active'`),
      scalar('SELECT count(*) FROM SFE_ANALYTICS_MEDIA.CHURN_MODEL_REGISTRY WHERE deployed'),
    ]);
    const profile = sceneText(result.stdout, 'Subscriber 360 — ');
    expect(profile).toMatch(/360 profile: [0-9a-f]{8}-[0-9a-f-]{27}/);
    expect(profile).toMatch(/churn risk: 0\.\d{3} (High|Medium|Low) \(\d{4}-\d\d-\d\d\)/);
    expect(profile).toMatch(/Query times: slowest \d+ ms/);
    const churn = sceneText(result.stdout, 'Churn risk leaderboard — ');
    const gate = sceneText(result.stdout, 'The churn model and its gate — ');
    const wrap = sceneText(result.stdout, 'Wrap-up — ');
    // At test scale the gate deploys the model (main's support features), so the dashboard has scores.
    expect(deployed).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(0);
    expect(churn).toMatch(new RegExp(`High +█*[▏▎▍▌▋▊▉]? +${high}\\n`));
    expect(churn).toMatch(/Why: the features raising each one’s risk most/);
    expect(churn).toMatch(/[0-9a-f]{8} {2}\w[\w ]+ [\d.]+ \(\+\d\.\d\d\)/);
    expect(gate).toContain('Deploy gate: passed');
    expect(wrap).toMatch(/scores for \d{4}-\d\d-\d\d/);
    expect(sceneText(result.stdout, 'Engagement trends — ')).toContain('Articles read per week');
    expect(sceneText(result.stdout, 'Cohort analysis — ')).toMatch(
      /2025-04-01 +\d+ +\d+% +\d+% +\d+%\n +2025-05-01 +\d+ +\d+% +\d+%\n +2025-06-01 +\d+ +\d+%\n/,
    );
    expect(wrap).toContain(`test scale, ${formatted(subscribers)} subscribers`);
  });

  it('the feed-run scene runs a feed in the presenter (ticks shown live), then its latency and throughput against the seed', async () => {
    expect(mediaPipelineReport().filter((r) => r.status !== 'ok')).toEqual([]);
    const open = (readOnly: boolean) => LocalDuckDbBackend.open({ dataDir: packDir(root, media), pack: media, readOnly });
    const runner = new BackendRunner({
      open: () => open(true),
      openForWrite: () => open(false),
      config: runConfig({ dataDir: packDir(root, media), pack: media, backend: 'local' }),
    });
    const scene = loadScenes(defaultScenesDir(media), actionCatalog(media)).scenes.find((s) => s.id === 'feed-run')!;
    const live: string[] = [];
    // Fast ticks at a rate too low for a subscription event every tick: the subscribers task skips its runs.
    const result = await runner
      .run(scene, {
        params: { rate: 1000, tick_seconds: 0.1, duration_seconds: 0.3 },
        onPoll: (blocks) =>
          live.push(
            resultLines(blocks, 100)
              .map((l) => l.text)
              .join('\n'),
          ),
      })
      .finally(() => runner.close());
    expect(live.length).toBeGreaterThanOrEqual(2);
    expect(live[0]).toMatch(/Feed running: tick 1, /);

    const text = resultLines(result.blocks, 100)
      .map((l) => l.text)
      .join('\n');
    const [batches, staged] = await Promise.all([
      scalar(`SELECT count(DISTINCT source_file) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT WHERE source_file LIKE '%feed-%'`),
      scalar(
        `SELECT (SELECT count(*) FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS WHERE source_file LIKE '%feed-%') + (SELECT count(*) FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT WHERE source_file LIKE '%feed-%')`,
      ),
    ]);
    expect(staged).toBeGreaterThan(0);
    expect(text).toContain(`Live feed: ${batches} batches staged`);
    expect(text).toContain(`staged: ${formatted(staged)}`);
    expect(text).toMatch(/latency p50: \d+\.\d s/);
    expect(text).toMatch(/✔ latency p95, event to staging/);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toMatch(/engagement task throughput [\d,]+ rows\/min while running \([\d,]+ rows in [1-3] runs/);
    expect(flat).toMatch(/subscribers task throughput [^✔!]*; [1-3] skipped \(stream empty\)/);
  });

  it('plain mode with two packs built and no --pack: presents the default pack and names the other', async () => {
    const bronze = copyBronzeWarehouse('c360-media-picker-');
    try {
      fs.cpSync(packDir(bronze), path.join(root, 'credit-card'), { recursive: true });
      const result = await runCliInProcess(['present', '--plain', '--backend', 'local', '--data-dir', root, '--scene', 'wrap-up']);
      expect(result.stderr).toContain('note: presenting the credit-card pack; also built here: media (present one with --pack NAME)');
      expect(result.stdout).not.toContain('Streams and tasks — the staging graph');
    } finally {
      fs.rmSync(bronze, { recursive: true, force: true });
      fs.rmSync(path.join(root, 'credit-card'), { recursive: true, force: true });
    }
  });

  it('a warehouse built before the staging runs were reconciled: validate and the staging-quality scene name the rebuild, in one line', async () => {
    const old = copyMediaWarehouse('c360-media-unreconciled-');
    try {
      const backend = await LocalDuckDbBackend.open({ dataDir: packDir(old, media), pack: media });
      await backend.execute('DROP VIEW SFE_STG_MEDIA.V_STAGING_RECONCILIATION; DROP TABLE SFE_STG_MEDIA.STAGING_RECONCILIATION;');
      await backend.close();
      const validate = await runCliInProcess(['validate', '--pack', 'media', '--data-dir', old]);
      expect(validate.status).toBe(3);
      expect(validate.stderr).toMatch(/built before its runs were reconciled.*\n.*c360-demo pipeline --pack media --fresh/);
      expect(validate.stderr).not.toMatch(/\n\s+at /);
      const runner = new BackendRunner({
        open: () => LocalDuckDbBackend.open({ dataDir: packDir(old, media), pack: media, readOnly: true }),
        config: runConfig({ dataDir: packDir(old, media), pack: media, backend: 'local' }),
      });
      const scene = loadScenes(defaultScenesDir(media), actionCatalog(media)).scenes.find((s) => s.id === 'staging-quality')!;
      await expect(runner.run(scene).finally(() => runner.close())).rejects.toThrow(
        "this warehouse's staging layer was built before its runs were reconciled: rebuild it with `c360-demo pipeline --pack media --fresh`",
      );

      // The table back but empty (03_staging.sql again, as a later load runs it): the staging rows
      // no run recorded fail check 13, with the same advice.
      const again = await LocalDuckDbBackend.open({ dataDir: packDir(old, media), pack: media });
      await again.execute(fs.readFileSync(path.join(process.cwd(), 'sql', 'media', 'setup', '03_staging.sql'), 'utf8'));
      await again.close();
      const checks = await runCliInProcess(['validate', '--pack', 'media', '--data-dir', old, '--json']);
      expect(checks.status).toBe(1);
      expect(checks.stdout).toMatch(/staging rows no run recorded \(built before: c360-demo pipeline --pack media --fresh\)/);
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
    }
  });
});
