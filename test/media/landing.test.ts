import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import type { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { openLocal } from '../../src/backends/open.js';
import { loadPack } from '../../src/core/pack.js';
import { generateLanding, loadLanding, runMediaChecks, type DirtRates, type LandingSummary, type LoadResult } from '../../src/scenario/media/index.js';
import { tempDir } from '../helpers/cli.js';
import { textColumnStorage } from '../support/warehouse.js';

const MEDIA_PACK = loadPack('media');
const AS_OF = '2025-06-30';
const WINDOW_START = '2025-04-02';
/** Higher than the defaults, so that each kind of dirt is frequent enough to measure at test scale. */
const RATES: DirtRates = { malformedJson: 0.04, malformedCsv: 0.01, missingField: 0.03, invalidTimestamp: 0.02, duplicate: 0.03, orphan: 0.02 };
const BOT_AGENTS = "user_agent SIMILAR TO '.*(bot|Bot|python-requests|curl|HeadlessChrome).*'";

/** Every file under `dir`, by relative name, with its bytes' hash: equal folders give equal lists. */
function folderChecksum(dir: string): string {
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
  const hash = crypto.createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(fs.readFileSync(path.join(dir, file)));
  return `${files.length}:${hash.digest('hex')}`;
}

/** A binomial count is within `sigmas` standard errors of rate * n (and never off by more than that plus one). */
function expectRate(observed: number, n: number, rate: number, label: string, sigmas = 4): void {
  const tolerance = sigmas * Math.sqrt(n * rate * (1 - rate)) + 1;
  expect(Math.abs(observed - n * rate), `${label}: ${observed} of ${n}, configured ${rate}`).toBeLessThanOrEqual(tolerance);
}

function linesOf(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n');
}

describe('media pack landing files and raw layer (test scale)', () => {
  let dataDir: string;
  let landingDir: string;
  let backend: LocalDuckDbBackend;
  let summary: LandingSummary;
  let firstLoad: LoadResult;
  let checksumAfterGeneration: string;

  beforeAll(async () => {
    dataDir = path.join(tempDir('c360-media-'), 'media');
    landingDir = path.join(dataDir, 'landing');
    backend = await openLocal({ dataDir, pack: MEDIA_PACK });
    summary = await generateLanding(backend, { scale: 'test', seed: 7, asOf: AS_OF, landingDir, dirtRates: RATES });
    checksumAfterGeneration = folderChecksum(landingDir);
    firstLoad = await loadLanding(backend, { landingDir });
  });
  afterAll(async () => {
    await backend?.close();
  });

  const count = async (sql: string) => Number((await backend.query(sql)).rows[0]!.n);

  it('writes the same bytes for the same seed', async () => {
    const again = path.join(dataDir, 'again');
    await generateLanding(backend, { scale: 'test', seed: 7, asOf: AS_OF, landingDir: again, dirtRates: RATES });
    expect(checksumAfterGeneration).toMatch(/^2\d\d:/);
    expect(folderChecksum(again)).toBe(checksumAfterGeneration);
  });

  it('lays the sources out as delivered: JSON lines and Parquet a day, CSV batches in day folders', () => {
    expect(summary.sources.subscription_events.files).toBe(90);
    expect(fs.existsSync(path.join(landingDir, 'subscription_events', `${AS_OF}.jsonl`))).toBe(true);
    expect(fs.existsSync(path.join(landingDir, 'content_engagement', AS_OF, '0000.csv'))).toBe(true);
    expect(fs.readdirSync(path.join(landingDir, 'support_tickets')).every((f) => /^\d{4}-\d\d-\d\d\.parquet$/.test(f))).toBe(true);
    expect(fs.existsSync(path.join(landingDir, '.generating'))).toBe(false);
  });

  it('loads every record once: rows loaded + rejected = records written', () => {
    const written = Object.values(summary.sources).reduce((sum, s) => sum + s.records, 0);
    expect(firstLoad.rowsLoaded + firstLoad.rowsRejected).toBe(written);
    expect(firstLoad.filesLoaded).toBe(Object.values(summary.sources).reduce((sum, s) => sum + s.files, 0));
    expect(firstLoad.issues).toEqual([]);
    expect(firstLoad.rowsRejected).toBe(summary.sources.subscription_events.dirt.malformed + summary.sources.content_engagement.dirt.malformed);
  });

  it('stores the per-row unique raw columns as they are and the repeating ones encoded (a new raw table)', async () => {
    await backend.execute('CHECKPOINT');
    const columns = ['view_id', 'session_id', 'event_timestamp', 'subscriber_id', 'section', 'user_agent'];
    expect(await textColumnStorage(backend, 'SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT', columns)).toEqual({
      event_timestamp: ['Uncompressed'],
      section: ['DICT_FSST'],
      session_id: ['Uncompressed'],
      subscriber_id: ['DICT_FSST'],
      user_agent: ['DICT_FSST'],
      view_id: ['Uncompressed'],
    });
  });

  it('draws the seed distributions: payments NORMAL(19.99, 10), read time NORMAL(180, 120), articles ZIPF(1, 1000), UUID v4 ids', async () => {
    const payments = await backend.query(`
      SELECT count(*) AS n, avg(a) AS mean, stddev_samp(a) AS sd, avg(CASE WHEN a <= 0 THEN 1 ELSE 0 END) AS non_positive
      FROM (SELECT CAST(payload ->> 'payment_amount' AS DOUBLE) AS a FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS WHERE event_type = 'payment')`);
    const p = payments.rows[0]!;
    const se = 10 / Math.sqrt(Number(p.n));
    expect(Math.abs(Number(p.mean) - 19.99)).toBeLessThan(4 * se);
    expect(Math.abs(Number(p.sd) - 10)).toBeLessThan(1.2);
    // NORMAL(19.99, 10) itself puts ~2.3% at or below zero: the payments the business rule catches.
    expect(Number(p.non_positive)).toBeGreaterThan(0.005);
    expect(Number(p.non_positive)).toBeLessThan(0.05);

    const reading = await backend.query(`
      SELECT count(*) AS n, avg(t) AS mean, stddev_samp(t) AS sd
      FROM (SELECT CAST(time_spent_seconds AS DOUBLE) AS t FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT WHERE NOT (${BOT_AGENTS}))`);
    const r = reading.rows[0]!;
    expect(Math.abs(Number(r.mean) - 180)).toBeLessThan(4 * (120 / Math.sqrt(Number(r.n))));
    expect(Math.abs(Number(r.sd) - 120)).toBeLessThan(3);

    // Zipf's law: frequency proportional to 1/rank, so log-frequency against log-rank has slope -1
    // and the top article takes 1 / H(1000) = 13.4% of views.
    const zipf = await backend.query(`
      WITH freq AS (
        SELECT CAST(article_id AS INTEGER) AS rank, count(*) AS n FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT
        WHERE NOT (${BOT_AGENTS}) AND article_id IS NOT NULL GROUP BY 1
      )
      SELECT regr_slope(ln(n), ln(rank)) FILTER (WHERE rank <= 100) AS slope,
             max(n) FILTER (WHERE rank = 1) / sum(n) AS top_share
      FROM freq`);
    expect(Number(zipf.rows[0]!.slope)).toBeGreaterThan(-1.1);
    expect(Number(zipf.rows[0]!.slope)).toBeLessThan(-0.9);
    expect(Math.abs(Number(zipf.rows[0]!.top_share) - 0.1336)).toBeLessThan(0.01);

    const badIds = await count(`SELECT count(*) AS n FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS
      WHERE subscriber_id IS NOT NULL AND NOT regexp_full_match(subscriber_id, '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}')`);
    expect(badIds).toBe(0);

    const span = await backend.query(`SELECT min(t) AS first, max(t) AS last FROM (
      SELECT TRY_CAST(event_timestamp AS TIMESTAMP) AS t FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT) WHERE t <= TIMESTAMP '${AS_OF} 23:59:59'`);
    expect(String(span.rows[0]!.first).slice(0, 10)).toBe(WINDOW_START);
    expect(String(span.rows[0]!.last).slice(0, 10)).toBe(AS_OF);
  });

  it('puts each kind of dirt in the files at its configured rate, and the files hold exactly what the summary counts', async () => {
    const subscription = summary.sources.subscription_events;
    const content = summary.sources.content_engagement;
    const subscriptionOriginals = subscription.records - subscription.dirt.duplicate;
    const contentOriginals = content.records - content.dirt.duplicate;
    expectRate(subscription.dirt.malformed, subscriptionOriginals, RATES.malformedJson, 'malformed JSON');
    expectRate(content.dirt.malformed, contentOriginals, RATES.malformedCsv, 'malformed CSV');
    expectRate(content.dirt.missing_field, contentOriginals, RATES.missingField, 'missing field');
    expectRate(content.dirt.invalid_timestamp, contentOriginals, RATES.invalidTimestamp, 'invalid timestamp');
    expectRate(content.dirt.orphan, contentOriginals, RATES.orphan, 'orphan');
    // Duplicates copy clean records only.
    const clean = contentOriginals - content.dirt.malformed - content.dirt.missing_field - content.dirt.invalid_timestamp - content.dirt.orphan;
    expectRate(content.dirt.duplicate, clean, RATES.duplicate, 'duplicate');

    // What the raw tables hold agrees with the summary, kind by kind.
    expect(
      await count(`SELECT count(*) AS n FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS WHERE subscriber_id IS NULL OR event_type IS NULL OR event_timestamp IS NULL`),
    ).toBe(subscription.dirt.missing_field);
    expect(
      await count(`SELECT count(*) AS n FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS
        WHERE event_timestamp IS NOT NULL AND coalesce(TRY_CAST(event_timestamp AS TIMESTAMP) > TIMESTAMP '${AS_OF} 23:59:59', true)`),
    ).toBe(subscription.dirt.invalid_timestamp);
    expect(await count(`SELECT count(*) - count(DISTINCT event_id) AS n FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS`)).toBe(subscription.dirt.duplicate);
    expect(await count(`SELECT count(*) - count(DISTINCT view_id) AS n FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT`)).toBe(content.dirt.duplicate);
    expect(await count(`SELECT count(*) AS n FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT WHERE article_id IS NULL`)).toBe(content.dirt.missing_field);
    // Orphans: subscriber ids that never sign up, pay or cancel (every real subscriber pays in the window or signs up).
    const orphans = await count(`
      SELECT count(*) AS n FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT
      WHERE subscriber_id NOT IN (SELECT subscriber_id FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS WHERE subscriber_id IS NOT NULL)`);
    expect(orphans).toBeGreaterThanOrEqual(content.dirt.orphan);
    expect(orphans).toBeLessThan(content.dirt.orphan * 1.5 + 20);
    // Bots: bursty sessions with known user agents (a malformed line loses its user agent).
    const bots = await count(`SELECT count(*) AS n FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT WHERE ${BOT_AGENTS}`);
    expect(bots).toBeLessThanOrEqual(summary.botViews);
    expect(bots).toBeGreaterThan(0.97 * summary.botViews);
  });

  it('ends every malformed line in LOAD_ERRORS with its file and line, and numbers every loaded row by its line', async () => {
    const expected = new Set<string>();
    const rowsByLine = new Map<string, string>();
    for (const source of ['subscription_events', 'content_engagement'] as const) {
      const files = fs.readdirSync(path.join(landingDir, source), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(jsonl|csv)$/.test(f));
      for (const relative of files) {
        const name = `${source}/${relative.split(path.sep).join('/')}`;
        linesOf(path.join(landingDir, name)).forEach((line, index) => {
          if (line === '') return;
          rowsByLine.set(`${name}:${index + 1}`, line);
          const malformed =
            source === 'subscription_events'
              ? (() => {
                  try {
                    JSON.parse(line);
                    return false;
                  } catch {
                    return true;
                  }
                })()
              : !line.includes('"') && index > 0;
          if (malformed) expected.add(`${name}:${index + 1}`);
        });
      }
    }
    const errors = await backend.query('SELECT file_name, line_number, raw_record FROM SFE_RAW_MEDIA.LOAD_ERRORS');
    expect(new Set(errors.rows.map((r) => `${String(r.file_name)}:${String(r.line_number)}`))).toEqual(expected);
    for (const row of errors.rows) expect(rowsByLine.get(`${String(row.file_name)}:${String(row.line_number)}`)).toBe(row.raw_record);

    const loaded = await backend.query(`
      SELECT source_file, source_line, view_id AS id FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT
      UNION ALL SELECT source_file, source_line, CAST(payload AS VARCHAR) FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS`);
    const misplaced = loaded.rows.filter((r) => {
      const line = rowsByLine.get(`${String(r.source_file)}:${String(r.source_line)}`) ?? '';
      return String(r.source_file).endsWith('.csv')
        ? !line.startsWith(`${String(r.id)},`)
        : JSON.stringify(JSON.parse(line)) !== JSON.stringify(JSON.parse(String(r.id)));
    });
    expect(misplaced).toEqual([]);
    const keys = await backend.query(
      'SELECT count(*) AS n, count(DISTINCT load_key) AS d, min(load_key) AS lo, max(load_key) AS hi FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT',
    );
    expect(keys.rows[0]).toEqual({ n: keys.rows[0]!.d, d: keys.rows[0]!.d, lo: 1, hi: keys.rows[0]!.n });
  });

  it('shapes behaviour for the churn model: reading fades and tickets cluster before a cancel', async () => {
    const { rows } = await backend.query(`
      WITH cancels AS (
        SELECT subscriber_id, CAST(min(TRY_CAST(event_timestamp AS TIMESTAMP)) AS DATE) AS cancel_date
        FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS WHERE event_type = 'cancel' GROUP BY 1 HAVING cancel_date >= DATE '${WINDOW_START}' + 45
      ),
      reads AS (
        SELECT c.subscriber_id, c.cancel_date - CAST(TRY_CAST(e.event_timestamp AS TIMESTAMP) AS DATE) AS days_before
        FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT AS e JOIN cancels AS c USING (subscriber_id)
        WHERE NOT (${BOT_AGENTS})
      ),
      tickets AS (
        SELECT c.cancel_date - CAST(t.created_at AS DATE) AS days_before
        FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS AS t JOIN cancels AS c USING (subscriber_id)
      )
      SELECT
        (SELECT count(*) FROM reads WHERE days_before BETWEEN 1 AND 10) AS reads_last_10,
        (SELECT count(*) FROM reads WHERE days_before BETWEEN 31 AND 40) AS reads_month_before,
        (SELECT count(*) FROM tickets WHERE days_before BETWEEN 0 AND 21) AS tickets_last_3_weeks,
        (SELECT count(*) FROM tickets WHERE days_before BETWEEN 22 AND 43) AS tickets_3_weeks_before`);
    const b = rows[0]!;
    // Reading in the last ten days is ~30% of a month earlier; tickets come ~6 times as often.
    expect(Number(b.reads_last_10)).toBeLessThan(0.6 * Number(b.reads_month_before));
    expect(Number(b.tickets_last_3_weeks)).toBeGreaterThan(2 * Number(b.tickets_3_weeks_before));
  });

  it('passes its checks: files present, volumes in the seed bands for the scale, reject rate as configured', async () => {
    const checks = await runMediaChecks(backend, { subscribers: summary.subscribers, contentBatchMinutes: summary.contentBatchMinutes, dirtRates: RATES });
    expect(checks.map((c) => c.name)).toEqual(['files_present', 'subscription_volume', 'content_volume', 'support_volume', 'reject_rate']);
    expect(checks.filter((c) => c.status !== 'pass')).toEqual([]);
    // A check can fail: the same data against the default (lower) reject rate.
    const strict = await runMediaChecks(backend, { subscribers: summary.subscribers, contentBatchMinutes: summary.contentBatchMinutes });
    expect(strict.find((c) => c.name === 'reject_rate')!.status).toBe('fail');
  });

  it("keeps each loaded file's size and SHA-256 in LOAD_HISTORY (taken while the files before it load)", async () => {
    const { rows } = await backend.query('SELECT file_name, file_size, content_hash FROM SFE_RAW_MEDIA.LOAD_HISTORY ORDER BY file_name');
    expect(rows).toHaveLength(firstLoad.filesLoaded);
    for (const row of rows) {
      const content = fs.readFileSync(path.join(landingDir, String(row.file_name)));
      expect([row.file_name, Number(row.file_size), row.content_hash]).toEqual([
        row.file_name,
        content.length,
        crypto.createHash('sha256').update(content).digest('hex'),
      ]);
    }
  });

  describe('loading again', () => {
    const rawCounts = async () =>
      (
        await backend.query(`SELECT
          (SELECT count(*) FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS) AS s, (SELECT count(*) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT) AS c,
          (SELECT count(*) FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS) AS t, (SELECT count(*) FROM SFE_RAW_MEDIA.LOAD_ERRORS) AS e`)
      ).rows[0]!;

    it('skips every file already loaded, and reports a changed file without loading it twice', async () => {
      const before = await rawCounts();
      const again = await loadLanding(backend, { landingDir });
      expect(again).toMatchObject({ rowsLoaded: 0, rowsRejected: 0, filesLoaded: 0, filesChanged: 0, filesSkipped: firstLoad.filesLoaded, issues: [] });

      const changed = path.join(landingDir, 'subscription_events', `${AS_OF}.jsonl`);
      fs.appendFileSync(changed, '{"event_id":"late-addition"}\n');
      const third = await loadLanding(backend, { landingDir });
      expect(third.filesChanged).toBe(1);
      expect(third.rowsLoaded).toBe(0);
      expect(third.issues.map((i) => i.kind)).toEqual(['changed']);
      expect(third.issues[0]!.message).toMatch(/subscription_events\/2025-06-30\.jsonl: changed since it was loaded/);
      expect(await rawCounts()).toEqual(before);
      const status = await backend.query(`SELECT status FROM SFE_RAW_MEDIA.LOAD_HISTORY WHERE file_name = 'subscription_events/${AS_OF}.jsonl'`);
      expect(status.rows[0]!.status).not.toBe('LOAD_FAILED');

      // Put back as it was: touched, not changed, so skipped without a report.
      fs.writeFileSync(changed, fs.readFileSync(changed, 'utf8').replace('{"event_id":"late-addition"}\n', ''));
      expect(await loadLanding(backend, { landingDir })).toMatchObject({ filesSkipped: firstLoad.filesLoaded, filesChanged: 0, issues: [] });
    });

    it('compares a file recorded with an MD5 (a history from before) by MD5: touched is skipped, changed is reported', async () => {
      const name = `subscription_events/${AS_OF}.jsonl`;
      const file = path.join(landingDir, name);
      const original = fs.readFileSync(file);
      await backend.execute(
        `UPDATE SFE_RAW_MEDIA.LOAD_HISTORY SET content_hash = '${crypto.createHash('md5').update(original).digest('hex')}' WHERE file_name = '${name}'`,
      );
      const later = new Date(Date.now() + 60_000);
      fs.utimesSync(file, later, later);
      expect(await loadLanding(backend, { landingDir })).toMatchObject({ filesSkipped: firstLoad.filesLoaded, filesChanged: 0, issues: [] });

      fs.appendFileSync(file, '{"event_id":"late-addition"}\n');
      const changed = await loadLanding(backend, { landingDir });
      expect(changed).toMatchObject({ filesChanged: 1, rowsLoaded: 0 });
      fs.writeFileSync(file, original);
    });

    it('reports an unreadable, a wrong-schema, an empty and a vanishing file in one line each, loses nothing and loads nothing twice', async () => {
      const before = await rawCounts();
      const add = (name: string, content: string | Buffer) => fs.writeFileSync(path.join(landingDir, name), content);
      add('support_tickets/2025-07-01.parquet', Buffer.from('this is not parquet at all'));
      add('content_engagement/2025-06-30/2300.csv', 'id,who,when\n1,2,3\n');
      add('subscription_events/2025-07-01.jsonl', '');
      fs.mkdirSync(path.join(landingDir, 'content_engagement', '2025-07-01'));
      const vanishing = path.join(landingDir, 'content_engagement', '2025-07-01', '0000.csv');
      const keeper = path.join(landingDir, 'content_engagement', '2025-07-01', '0100.csv');
      const good =
        linesOf(path.join(landingDir, 'content_engagement', AS_OF, '0000.csv'))
          .slice(0, 4)
          .join('\n') + '\n';
      fs.writeFileSync(vanishing, good);
      fs.writeFileSync(keeper, good);
      // The file goes away after the loader saw it, just before the reader opens it.
      const vanishingBackend: Backend = Object.create(backend) as Backend;
      vanishingBackend.execute = async (sql, options) => {
        if (sql.includes('read_csv(') && fs.existsSync(vanishing)) fs.renameSync(vanishing, `${vanishing}.away`);
        return backend.execute(sql, options);
      };

      const result = await loadLanding(vanishingBackend, { landingDir });
      const byKind = Object.fromEntries(result.issues.map((i) => [i.kind, i.message]));
      expect(Object.keys(byKind).sort()).toEqual(['empty', 'unreadable', 'vanished', 'wrong_schema']);
      expect(result.issues.every((i) => !i.message.includes('\n'))).toBe(true);
      expect(byKind.unreadable).toMatch(/^support_tickets\/2025-07-01\.parquet: cannot read it as Parquet/);
      expect(byKind.wrong_schema).toMatch(/^content_engagement\/2025-06-30\/2300\.csv: wrong schema: the header is "id,who,when"/);
      expect(byKind.empty).toMatch(/^subscription_events\/2025-07-01\.jsonl: empty file/);
      expect(byKind.vanished).toMatch(/^content_engagement\/2025-07-01\/0000\.csv: disappeared while it was being loaded/);
      // The good file beside the vanishing one loaded; the failed ones are in the history.
      expect(result).toMatchObject({ filesLoaded: 1, rowsLoaded: 3, filesFailed: 2 });
      const history = await backend.query(
        `SELECT file_name, status FROM SFE_RAW_MEDIA.LOAD_HISTORY WHERE file_name LIKE '%2025-07-01%' OR file_name LIKE '%2300.csv' ORDER BY 1`,
      );
      expect(history.rows).toEqual([
        { file_name: 'content_engagement/2025-06-30/2300.csv', status: 'LOAD_FAILED' },
        { file_name: 'content_engagement/2025-07-01/0100.csv', status: 'LOADED' },
        { file_name: 'support_tickets/2025-07-01.parquet', status: 'LOAD_FAILED' },
      ]);
      const after = await rawCounts();
      expect(Number(after.c)).toBe(Number(before.c) + 3);
      expect(Number(after.s)).toBe(Number(before.s));

      // Back again: the vanished file loads now, and the failed ones are tried again (and fail again,
      // with their error recorded once).
      fs.renameSync(`${vanishing}.away`, vanishing);
      const retry = await loadLanding(backend, { landingDir });
      expect(retry).toMatchObject({ filesLoaded: 1, rowsLoaded: 3, filesFailed: 2 });
      expect(Number((await rawCounts()).c)).toBe(Number(before.c) + 6);
      expect(await count(`SELECT count(*) AS n FROM SFE_RAW_MEDIA.LOAD_ERRORS WHERE file_name = 'support_tickets/2025-07-01.parquet'`)).toBe(1);
    });
  });
});
