import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { loadPack } from '../../src/core/pack.js';
import { UserError } from '../../src/core/errors.js';
import { judgeGate, loadDeployedModel, scoreWithDeployedModel, trainChurn } from '../../local-ml/index.js';
import { designMatrix, toFeatureRow } from '../../local-ml/features.js';
import { loadChurnModel, parseChurnModel } from '../../local-ml/model.js';
import { DesignMatrix, predictProbabilities } from '../../local-ml/train.js';
import { tempDir } from '../helpers/cli.js';
import { packDir } from '../support/pack.js';
import { copyMediaWarehouse, mediaPipelineReport } from '../support/warehouse.js';

const media = loadPack('media');
const fixtureText = fs.readFileSync(new URL('./fixtures/model.yaml', import.meta.url), 'utf8');
const fixture = parseChurnModel('media', fixtureText, 'test/churn/fixtures/model.yaml');

let dir: string;
let backend: LocalDuckDbBackend;

beforeAll(async () => {
  dir = tempDir('c360-churn-media-');
  backend = await LocalDuckDbBackend.open({ dataDir: packDir(dir, media), pack: media });
  // 400 accounts x 6 weeks; leaving is likelier the longer an account has been idle; the last week is held out.
  await backend.execute(`
    create schema if not exists SFE_ANALYTICS_MEDIA;
    create or replace table SFE_ANALYTICS_MEDIA.ACCOUNT_WEEKS as
    with base as (
      select 'A' || lpad(cast(a as varchar), 4, '0') as account_id, cast(k as integer) as k,
             cast(date '2025-01-06' + 7 * cast(k as integer) as date) as week_start,
             cast(hash(a, k, 1) % 40 as integer) as idle_days, cast(hash(a, k, 2) % 25 as integer) as visits,
             (hash(a, k, 3) % 1000) / 1000.0 as u, case when a % 3 = 0 then 'plus' else 'basic' end as plan
      from range(400) as r(a), range(6) as q(k)
    )
    select account_id, week_start, idle_days, visits, plan,
           case when u < 0.02 + 0.3 * idle_days / 40.0 then 1 else 0 end as left_next_month,
           case when k < 5 then 'fit' else 'judge' end as fold
    from base;`);
});

afterAll(async () => {
  await backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the churn model comes from the pack', () => {
  it('trains on the table, columns, features, baseline and split a model.yaml names', async () => {
    const report = await trainChurn(backend, { model: fixture, shuffledFits: 3 });
    expect(report.design.map((c) => c.name)).toEqual(['(intercept)', 'idle_days', 'visits', 'plan=basic', 'plan=plus']);
    expect(report.design.find((c) => c.name === 'visits')?.transform).toBe('log1p');
    expect(report.metrics.baseline.feature).toBe('idle_days');
    expect(report.data.trainCutoffs).toEqual(['2025-01-06', '2025-02-03']);
    expect(report.data.testCutoffs).toEqual(['2025-02-10', '2025-02-10']);
    expect(report.data.testRows).toBe(400);
    expect(report.definition).toBe('An account churns at a week when it leaves within the month from it.');
    // idle days drive leaving: the model must find that, on held-out weeks.
    expect(report.metrics.model.auc).toBeGreaterThan(0.6);
    expect(report.importance.find((f) => f.feature === 'idle_days')!.coefficient).toBeGreaterThan(0);
    const registry = await backend.query(`select count(*) as n, max(heldout_rows) as r from ${fixture.tables.registry}`);
    expect(Number(registry.rows[0]!.n)).toBe(1);
    expect(Number(registry.rows[0]!.r)).toBe(400);
    // The gate is the fixture's too: its AUC bar, and a permutation test that 3 fits cannot pass.
    expect(report.gate.checks.map((c) => [c.name, c.bar])).toEqual([
      ['held-out AUC', '> 0.75'],
      ['gain over recency baseline', '>= 0.01'],
      ['above every shuffled-label fit', `< ${report.metrics.model.auc.toFixed(3)}, the model's AUC`],
    ]);
    expect(report.gate.checks[2]!.passed).toBe(false);
    expect(report.gate.reason).toContain('only 3 shuffled-label fits (need 20)');
  });

  it("judges the shuffled-label control by the pack's rule: a 95th-percentile bar, or above every fit", () => {
    const gate = { minAuc: 0.8, minGainOverBaseline: 0.03 };
    const shuffled = { fits: 25, p95: 0.7, max: 0.75 };
    const above = (auc: number) => judgeGate(auc, 0.6, shuffled, { ...gate, shuffledControl: { aboveEveryFit: true } });
    expect(above(0.83).passed).toBe(true);
    expect(above(0.83).reason).toContain('above all 25 shuffled-label fits (best 0.750, p < 0.038)');
    expect(above(0.75).passed).toBe(false);
    expect(judgeGate(0.83, 0.6, { ...shuffled, fits: 19 }, { ...gate, shuffledControl: { aboveEveryFit: true } }).passed).toBe(false);
    const p95 = judgeGate(0.83, 0.6, shuffled, { ...gate, shuffledControl: { p95Below: 0.65 } });
    expect(p95.passed).toBe(false);
    expect(p95.checks[2]).toEqual({ name: 'shuffled-label AUC p95', value: 0.7, bar: '< 0.65', passed: false });
  });

  it('refuses a split column that is not by date, and a model.yaml whose baseline is not a feature', async () => {
    await backend.execute(`update SFE_ANALYTICS_MEDIA.ACCOUNT_WEEKS set fold = 'judge' where account_id = 'A0001' and week_start = date '2025-01-13'`);
    const err = await trainChurn(backend, { model: fixture, shuffledFits: 3 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/ACCOUNT_WEEKS\.fold is 'mixed' on 2025-01-13: every observation date must be wholly 'fit' or wholly 'judge'/);
    await backend.execute(`update SFE_ANALYTICS_MEDIA.ACCOUNT_WEEKS set fold = 'fit' where account_id = 'A0001' and week_start = date '2025-01-13'`);
    expect(() => parseChurnModel('media', fixtureText.replace('feature: idle_days', 'feature: plan'), 'fixture')).toThrow(
      /^fixture: baseline\.feature: plan is not a numeric feature$/,
    );
  });

  it("the media pack's model is the seed's: FCT_CHURN_TRAINING's features, recency baseline, dbt's date split", () => {
    const spec = loadChurnModel(media);
    expect(spec.tables.features).toBe('SFE_ANALYTICS_MEDIA.FCT_CHURN_TRAINING');
    expect(spec.numeric.map((f) => f.column)).toEqual(
      expect.arrayContaining(['engagement_score', 'support_tickets_count', 'days_since_last_read', 'subscription_tenure_days']),
    );
    expect(spec.baseline.feature).toBe('days_since_last_read');
    expect(spec.split).toEqual({ column: 'split', train: 'train', test: 'test' });
    expect(spec.scoring?.riskTiers).toEqual({ high: 0.3, medium: 0.1 });
    // The Snowflake procedure applies the same gate.
    expect(spec.gate).toEqual({ minAuc: 0.8, minGainOverBaseline: 0.03, shuffledControl: { aboveEveryFit: true } });
    const gate = fs.readFileSync(new URL('../../sql/media/ml/02_train_and_gate.sql', import.meta.url), 'utf8');
    expect(gate).toContain(`min_auc FLOAT DEFAULT ${spec.gate.minAuc.toFixed(2)};`);
    expect(gate).toContain(`min_gain FLOAT DEFAULT ${spec.gate.minGainOverBaseline.toFixed(2)};`);
    expect(gate).toContain('AND shuffled_fits >= 20 AND auc > shuffled_max, FALSE);');
  });

  it("the Snowflake views list the local model's features: training and held-out in its order, scoring all of them", () => {
    const spec = loadChurnModel(media);
    const features = spec.numeric.map((f) => f.column);
    const sql = fs.readFileSync(new URL('../../sql/media/ml/01_churn_training_views.sql', import.meta.url), 'utf8');
    for (const view of ['V_CHURN_TRAIN_ROWS', 'V_CHURN_HOLDOUT']) {
      const select = new RegExp(`CREATE OR REPLACE VIEW SFE_ANALYTICS_MEDIA\\.${view} AS\\s+SELECT([\\s\\S]*?)\\bFROM\\b`).exec(sql);
      const columns = select![1]!.split(',').map((c) => c.trim().replace(/^f\./, ''));
      expect(columns).toEqual(['subscriber_id', 'observation_date', ...features, 'churned']);
    }
    const scoring = sql.slice(sql.indexOf('CREATE OR REPLACE VIEW SFE_ANALYTICS_MEDIA.V_CHURN_SCORING'));
    const aliases = [...scoring.matchAll(/\bAS ([a-z_0-9]+),?\n/g)].map((m) => m[1]);
    expect(aliases).toEqual(expect.arrayContaining(features));
  });
});

describe('the daily health scores', () => {
  const design = [
    { name: '(intercept)', kind: 'intercept', mean: 0, sd: 1 },
    { name: 'days_since_last_read', kind: 'numeric', source: 'days_since_last_read', transform: 'none', mean: 0, sd: 1 },
  ];
  const scores = async () =>
    (
      await backend.query(`select subscriber_id, cast(score_date as varchar) as d, churn_risk_score as p, risk_tier
      from SFE_ANALYTICS_MEDIA.FCT_CUSTOMER_HEALTH_SCORES order by d, subscriber_id`)
    ).rows.map((r) => `${String(r.d)} ${String(r.subscriber_id)} ${Number(r.p).toFixed(4)} ${String(r.risk_tier)}`);

  it('score the subscribers active on the day with the deployed model; a day re-run replaces that day, another day adds to the history', async () => {
    // s1 reads daily from April; s2 stopped reading on 1 May; s3 signs up on 20 June; s4 cancels on 15 June.
    await backend.execute(`
      create or replace table SFE_ANALYTICS_MEDIA.DIM_SUBSCRIBERS as
      select * from (values ('s1', date '2025-01-01'), ('s2', date '2025-03-01'), ('s3', date '2025-06-20'), ('s4', date '2025-01-01'))
        as t(subscriber_id, signup_date), (select date '2025-06-30' as as_of_date);
      create or replace table SFE_ANALYTICS_MEDIA.FCT_ENGAGEMENT_DAILY as
      select 's1' as subscriber_id, cast(d as date) as activity_date, 2 as articles_viewed, cast(40 as decimal(5, 1)) as engagement_score
      from range(date '2025-04-01', date '2025-06-30', interval 1 day) as r(d)
      union all select 's2', date '2025-05-01', 1, 10.0
      union all select 's3', date '2025-06-21', 3, 60.0;
      create or replace table SFE_ANALYTICS_MEDIA.INT_SUBSCRIPTION_EVENTS as
      select 's4' as subscriber_id, 'cancel' as event_type, timestamp '2025-06-15 09:00:00' as event_timestamp;
      create or replace table SFE_ANALYTICS_MEDIA.INT_SUPPORT_TICKETS as
      select 's2' as subscriber_id, date '2025-05-20' as created_date, 'billing' as category,
        timestamp '2025-05-20 15:00:00' as resolved_at, 2 as satisfaction_score;`);
    await backend.execute('delete from SFE_ANALYTICS_MEDIA.CHURN_MODEL_REGISTRY');
    expect(await scoreWithDeployedModel(backend)).toBeNull();
    expect(await scores()).toEqual([]);

    // p = 1 / (1 + exp(3 - 0.1 * days since the last read)).
    await backend.execute(`insert into SFE_ANALYTICS_MEDIA.CHURN_MODEL_REGISTRY (model_version, trained_at, deployed, coefficients)
      values ('churn-fixture', timestamp '2025-06-01 00:00:00', true, '${JSON.stringify({ design, weights: [-3, 0.1], threshold: 0.5 })}')`);
    const first = await scoreWithDeployedModel(backend, { scoreDate: '2025-06-10' });
    expect(first).toMatchObject({ scoreDate: '2025-06-10', modelVersion: 'churn-fixture', rows: 3, tiers: { High: 2, Medium: 0, Low: 1 }, daysKept: 1 });
    const day1 = await scores();
    // s1 read yesterday (1 day); s2 40 days ago; s4 never read: 70 days since the history's first day.
    expect(day1).toEqual(['2025-06-10 s1 0.0522 Low', '2025-06-10 s2 0.7311 High', '2025-06-10 s4 0.9820 High']);

    await scoreWithDeployedModel(backend, { scoreDate: '2025-06-10' });
    expect(await scores()).toEqual(day1);

    const second = await scoreWithDeployedModel(backend, { scoreDate: '2025-06-25' });
    expect(second).toMatchObject({ rows: 3, daysKept: 2 });
    // s4 cancelled on the 15th and is gone; s3 read 4 days before (p 0.069).
    expect(await scores()).toEqual([...day1, '2025-06-25 s1 0.0522 Low', '2025-06-25 s2 0.9241 High', '2025-06-25 s3 0.0691 Low']);

    // Today: the day after the analytics layer's as-of date.
    expect((await scoreWithDeployedModel(backend))?.scoreDate).toBe('2025-07-01');
  });
});

describe("the media pack's model on the suite's test-scale media warehouse", () => {
  it('is judged by the gate and deployed, and the score stage scores the active subscribers with it', () => {
    const reports = mediaPipelineReport();
    const churn = reports.find((r) => r.stage === 'churn train')!;
    expect(churn.status).toBe('ok');
    expect(churn.detail).toMatch(/^AUC 0\.865 \(recency 0\.676, best shuffled 0\.\d{3}\): churn-[0-9a-f]{12} deployed/);
    const data = churn.data as { deployed: boolean; auc: number; shuffledAuc: { max: number }; data: { testRows: number; testPositives: number } };
    expect(data.deployed).toBe(true);
    expect(data.auc).toBeGreaterThan(data.shuffledAuc.max);
    expect(data.data).toMatchObject({ testRows: 179, testPositives: 7 });
    expect(reports.find((r) => r.stage === 'score')!.detail).toMatch(
      /^183 subscribers scored for 2025-07-01 with churn-[0-9a-f]{12}: High 5 \/ Medium 7 \/ Low 171 /,
    );
  });

  it("scores in SQL what the model computes in-process on FCT_CHURN_TRAINING's rows for the same date", async () => {
    const root = copyMediaWarehouse('c360-churn-media-score-');
    const warehouse = await LocalDuckDbBackend.open({ dataDir: packDir(root, media), pack: media });
    try {
      const spec = loadChurnModel(media);
      // Every feature gets its own non-zero weight (the fitted model gives a feature that never varied
      // in training a weight of 0), so a feature the scoring SQL computes differently changes a score.
      const fitted = (await loadDeployedModel(warehouse, spec))!;
      const weights = fitted.design.map((_, i) => (i === 0 ? -3 : 0.05 * i));
      await warehouse.execute(`update ${spec.tables.registry} set coefficients = '${JSON.stringify({ design: fitted.design, weights, threshold: 0.5 })}'`);
      const model = (await loadDeployedModel(warehouse, spec))!;
      expect(model.weights).toEqual(weights);
      const report = (await scoreWithDeployedModel(warehouse, { scoreDate: '2025-06-01' }))!;
      const rows = (await warehouse.query(`select * from ${spec.tables.features} where observation_date = date '2025-06-01' order by subscriber_id`)).rows.map(
        (r) => toFeatureRow(r, spec),
      );
      const x = new DesignMatrix(rows.length, model.design.length, designMatrix(rows, model.design, spec));
      const expected = predictProbabilities(x, model.weights);
      const scored = (
        await warehouse.query(
          `select subscriber_id, churn_risk_score from ${spec.tables.predictions} where score_date = date '2025-06-01' order by subscriber_id`,
        )
      ).rows;
      expect(report.rows).toBe(179);
      // The support features are not all zero on that date, so they are compared too.
      for (const column of ['billing_tickets_30d', 'low_satisfaction_tickets_30d', 'open_tickets_at_observation']) {
        const j = spec.numeric.findIndex((f) => f.column === column);
        expect(rows.some((r) => r.numeric[j]! > 0)).toBe(true);
      }
      expect(scored.map((r) => String(r.subscriber_id))).toEqual(rows.map((r) => r.entityId));
      scored.forEach((r, i) => expect(Math.abs(Number(r.churn_risk_score) - expected[i]!)).toBeLessThan(1e-9));
    } finally {
      await warehouse.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
