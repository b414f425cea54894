import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import type { StageReport } from '../../src/pipeline/pipeline.js';
import { media } from '../support/pack.js';
import { copyMediaWarehouse, mediaPipelineReport } from '../support/warehouse.js';

/** The media analytics layer (dbt/media) as `pipeline --pack media --scale test` builds it (as-of 2025-06-30). */
let root: string;
let backend: LocalDuckDbBackend;
let stages: StageReport[];

const rows = async (sql: string) => (await backend.query(sql)).rows;
const one = async (sql: string) => (await rows(sql))[0]!;
const num = (value: unknown) => Number(value);
const numbers = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, num(value)]));

beforeAll(async () => {
  root = copyMediaWarehouse('c360-media-analytics-');
  stages = mediaPipelineReport();
  backend = await LocalDuckDbBackend.open({ dataDir: path.join(root, 'media'), pack: media, readOnly: true });
});

afterAll(async () => {
  await backend?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('media analytics layer (dbt/media, built-in runner)', () => {
  it('the pipeline builds the seed and every model and passes every dbt test, after staging and before the checks', () => {
    expect(stages.map((s) => s.stage)).toEqual(['generate', 'load', 'staging', 'dbt build', 'churn train', 'score', 'validate']);
    const dbt = stages[3]!;
    expect(dbt.status, dbt.detail).toBe('ok');
    const summary = (dbt.data as { summary: { models: number; tests: number; testsPassed: number } }).summary;
    // 1 seed + 2 intermediate views + 3 tables; the sources' and the models' tests.
    expect(summary.models).toBe(6);
    expect(summary.tests).toBeGreaterThanOrEqual(70);
    expect(summary.testsPassed).toBe(summary.tests);
  });

  it('DIM_SUBSCRIBERS: one row per unified subscriber, tenure from the as-of date, value from valid payments, segment from the seed', async () => {
    const counts = await one(`SELECT (SELECT count(*) FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS) AS dim,
      (SELECT count(DISTINCT subscriber_id) FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS) AS ids,
      (SELECT count(*) FROM SFE_STG_MEDIA.STG_UNIFIED_CUSTOMER) AS unified`);
    expect(num(counts.dim)).toBe(num(counts.unified));
    expect(num(counts.ids)).toBe(num(counts.unified));
    const wrong = await one(`WITH paid AS (
        SELECT subscriber_id, sum(payment_amount) AS total FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS
        WHERE is_valid AND event_type = 'payment' GROUP BY subscriber_id)
      SELECT
        count(*) FILTER (WHERE d.tenure_days <> DATE '2025-06-30' - d.signup_date) AS tenure,
        count(*) FILTER (WHERE d.lifetime_value <> coalesce(p.total, 0)) AS value,
        count(*) FILTER (WHERE NOT d.is_orphan AND d.signup_date <> r.subscribed_on) AS signup,
        count(*) FILTER (WHERE (d.subscription_status = 'cancelled') <> (d.cancel_date IS NOT NULL)) AS cancel,
        count(*) FILTER (WHERE d.demographic_segment = 'Unmapped' AND d.plan <> 'unknown') AS unmapped,
        -- Without a live feed after the as-of date, the state as of then is staging's latest.
        count(*) FILTER (WHERE d.subscription_status <> u.subscription_status OR d.plan <> u.current_plan) AS state
      FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS d
      JOIN SFE_STG_MEDIA.STG_UNIFIED_CUSTOMER AS u USING (subscriber_id)
      LEFT JOIN paid AS p USING (subscriber_id)
      LEFT JOIN SFE_RAW_MEDIA.SUBSCRIBERS AS r USING (subscriber_id)`);
    expect(numbers(wrong)).toEqual({ tenure: 0, value: 0, signup: 0, cancel: 0, unmapped: 0, state: 0 });
    const segment = await one(`SELECT demographic_segment FROM SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS WHERE plan = 'premium' AND tenure_days >= 1095 LIMIT 1`);
    expect(segment.demographic_segment).toBe('Premium patrons');
  });

  it('FCT_ENGAGEMENT_DAILY adds up to the valid staged views, one row per subscriber and day, scores within 0-100', async () => {
    const totals = await one(`SELECT
        (SELECT sum(articles_viewed) FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY) AS daily_views,
        (SELECT count(*) FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT WHERE is_valid AND subscriber_id IS NOT NULL) AS staged_views,
        (SELECT count(*) FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY) AS days,
        (SELECT count(DISTINCT (subscriber_id, activity_date)) FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY) AS keys,
        (SELECT count(*) FROM SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY WHERE engagement_score NOT BETWEEN 0 AND 100) AS out_of_range`);
    expect(num(totals.daily_views)).toBe(num(totals.staged_views));
    expect(num(totals.keys)).toBe(num(totals.days));
    expect(num(totals.out_of_range)).toBe(0);
  });

  it('FCT_CHURN_TRAINING: weekly dates whose label window lies in the history, split 80/20 by date, active subscribers only', async () => {
    const dates = await rows(`SELECT observation_date::VARCHAR AS d, min(split) AS split, max(split) AS split_max, count(*) AS n
      FROM SFE_ANALYTICS_MEDIA.FCT_CHURN_TRAINING GROUP BY 1 ORDER BY 1`);
    expect(dates.map((r) => [r.d, r.split, r.split_max])).toEqual([
      ['2025-05-04', 'train', 'train'],
      ['2025-05-11', 'train', 'train'],
      ['2025-05-18', 'train', 'train'],
      ['2025-05-25', 'train', 'train'],
      ['2025-06-01', 'test', 'test'],
    ]);
    const inactive = await one(`SELECT count(*) AS n FROM SFE_ANALYTICS_MEDIA.FCT_CHURN_TRAINING AS t
      JOIN SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS AS d USING (subscriber_id)
      WHERE d.signup_date >= t.observation_date OR d.cancel_date < t.observation_date`);
    expect(num(inactive.n)).toBe(0);
  });

  it('labels from the cancel events, and features that read only what happened before the observation date', async () => {
    const mismatched = await one(`WITH cancels AS (
        SELECT subscriber_id, min(event_timestamp) AS at FROM SFE_STG_MEDIA.STG_SUBSCRIBER_EVENTS
        WHERE is_valid AND event_type = 'cancel' GROUP BY subscriber_id),
      daily AS (
        SELECT subscriber_id, CAST(event_timestamp AS DATE) AS day, least(sum(engagement_score), 100) AS score
        FROM SFE_STG_MEDIA.STG_CONTENT_ENGAGEMENT WHERE is_valid AND subscriber_id IS NOT NULL GROUP BY ALL),
      expected AS (
        SELECT t.subscriber_id, t.observation_date,
          coalesce(c.at >= t.observation_date AND c.at < t.observation_date + INTERVAL 30 DAY, FALSE)::INTEGER AS churned,
          (SELECT coalesce(sum(score), 0) FROM daily AS x WHERE x.subscriber_id = t.subscriber_id
             AND x.day >= t.observation_date - 30 AND x.day < t.observation_date) / least(30, t.subscription_tenure_days) AS engagement,
          (SELECT count(DISTINCT ticket_id) FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS AS s WHERE s.subscriber_id = t.subscriber_id
             AND CAST(s.created_at AS DATE) >= t.observation_date - 90 AND CAST(s.created_at AS DATE) < t.observation_date) AS tickets,
          (SELECT count(DISTINCT ticket_id) FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS AS s WHERE s.subscriber_id = t.subscriber_id AND s.category = 'billing'
             AND CAST(s.created_at AS DATE) >= t.observation_date - 30 AND CAST(s.created_at AS DATE) < t.observation_date) AS billing,
          (SELECT count(DISTINCT ticket_id) FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS AS s WHERE s.subscriber_id = t.subscriber_id
             AND s.satisfaction_score <= 2 AND s.resolved_at < t.observation_date
             AND CAST(s.created_at AS DATE) >= t.observation_date - 30 AND CAST(s.created_at AS DATE) < t.observation_date) AS low_satisfaction,
          (SELECT count(DISTINCT ticket_id) FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS AS s WHERE s.subscriber_id = t.subscriber_id
             AND (s.resolved_at IS NULL OR s.resolved_at >= t.observation_date)
             AND CAST(s.created_at AS DATE) >= t.observation_date - 90 AND CAST(s.created_at AS DATE) < t.observation_date) AS open_at,
          t.observation_date - (SELECT max(day) FROM daily AS x WHERE x.subscriber_id = t.subscriber_id AND x.day < t.observation_date) AS recency
        FROM SFE_ANALYTICS_MEDIA.FCT_CHURN_TRAINING AS t LEFT JOIN cancels AS c USING (subscriber_id))
      SELECT count(*) AS rows_checked,
        count(*) FILTER (WHERE e.churned <> t.churned) AS label,
        count(*) FILTER (WHERE abs(e.engagement - t.engagement_score) > 0.006) AS engagement,
        count(*) FILTER (WHERE e.tickets <> t.support_tickets_count) AS tickets,
        count(*) FILTER (WHERE e.billing <> t.billing_tickets_30d) AS billing,
        count(*) FILTER (WHERE e.low_satisfaction <> t.low_satisfaction_tickets_30d) AS low_satisfaction,
        count(*) FILTER (WHERE e.open_at <> t.open_tickets_at_observation) AS open_at,
        sum(t.billing_tickets_30d) > 0 AND sum(t.low_satisfaction_tickets_30d) > 0 AND sum(t.open_tickets_at_observation) > 0 AS support_features_seen,
        count(*) FILTER (WHERE e.recency IS NOT NULL AND e.recency <> t.days_since_last_read) AS recency
      FROM SFE_ANALYTICS_MEDIA.FCT_CHURN_TRAINING AS t JOIN expected AS e USING (subscriber_id, observation_date)`);
    expect(num(mismatched.rows_checked)).toBeGreaterThan(800);
    expect(mismatched.support_features_seen).toBe(true);
    expect(numbers({ ...mismatched, rows_checked: 0, support_features_seen: 0 })).toEqual({
      rows_checked: 0,
      label: 0,
      engagement: 0,
      tickets: 0,
      billing: 0,
      low_satisfaction: 0,
      open_at: 0,
      support_features_seen: 0,
      recency: 0,
    });
  });

  it('has a plausible churn rate, and churners read less and call support more before their cancel', async () => {
    const byLabel = await rows(`SELECT churned, count(*) AS n, avg(engagement_score) AS engagement, avg(engagement_score_7d) AS engagement_7d,
        avg(support_tickets_count) AS tickets FROM SFE_ANALYTICS_MEDIA.FCT_CHURN_TRAINING GROUP BY churned ORDER BY churned`);
    const [stayed, churned] = byLabel.map((r) => ({ n: num(r.n), engagement: num(r.engagement), engagement7d: num(r.engagement_7d), tickets: num(r.tickets) }));
    const rate = churned!.n / (stayed!.n + churned!.n);
    expect(rate).toBeGreaterThan(0.01);
    expect(rate).toBeLessThan(0.1);
    expect(churned!.engagement).toBeLessThan(stayed!.engagement * 0.9);
    expect(churned!.engagement7d).toBeLessThan(stayed!.engagement7d * 0.8);
    expect(churned!.tickets).toBeGreaterThan(stayed!.tickets * 1.5);
  });
});
