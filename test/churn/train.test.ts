import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHURN_DEFINITION, RISK_TIERS, loadLatestChurnReport, trainChurn, type ChurnTrainingReport,
} from '../../local-ml/index.js';
import { designMatrix, toFeatureRow } from '../../local-ml/features.js';
import { DesignMatrix, predictProbabilities } from '../../local-ml/train.js';
import { churnTrainStageRun } from '../../local-ml/stage.js';
import { runConfig } from '../../src/core/config.js';
import { buildChurnWarehouse, count, type ChurnWarehouse } from './warehouse.js';

let wh: ChurnWarehouse;
let first: ChurnTrainingReport;

beforeAll(async () => {
  wh = await buildChurnWarehouse('c360-churn-train-', { wholeProject: true });
  first = await trainChurn(wh.backend);
});

afterAll(async () => {
  await wh?.close();
});

describe('churn model at test scale', () => {
  it('is trained on earlier cutoffs and judged on later ones, with an honest AUC', () => {
    expect(first.data.trainCutoffs[1] < first.data.testCutoffs[0]).toBe(true);
    expect(first.data.trainPositives).toBeGreaterThanOrEqual(10);
    // Above 0.97 would mean leakage or too-easy data; below 0.80 the gate refuses.
    expect(first.metrics.auc).toBeGreaterThan(0.8);
    expect(first.metrics.auc).toBeLessThan(0.97);
    expect(first.metrics.aucTrapezoid).toBeCloseTo(first.metrics.aucRank, 9);
    expect(first.deployed).toBe(true);
    // The log-loss curve goes down from ln 2 (all-zero weights) and flattens.
    const curve = first.metrics.logLossCurve;
    expect(curve[0]!.logLoss).toBeCloseTo(Math.LN2, 6);
    expect(curve.at(-1)!.logLoss).toBeLessThan(curve[0]!.logLoss / 4);
    // The importance list names real features; recency and frequency matter most.
    const top = first.importance.slice(0, 4).map((f) => f.feature);
    expect(top.some((f) => /days_since_last_tx|tx_count_1m/.test(f))).toBe(true);
    expect(CHURN_DEFINITION).toMatch(/calendar month starting on it/);
  });

  it('publishes exactly one prediction per current customer, with documented tiers', async () => {
    const customers = await count(wh.backend, 'select count(*) from GOLD.DIM_CUSTOMER where is_current');
    expect(customers).toBe(1000);
    expect(await count(wh.backend, 'select count(*) from GOLD.CHURN_PREDICTIONS')).toBe(customers);
    expect(await count(wh.backend, 'select count(distinct customer_id) from GOLD.CHURN_PREDICTIONS')).toBe(customers);
    expect(await count(wh.backend, `select count(*) from GOLD.DIM_CUSTOMER d left join GOLD.CHURN_PREDICTIONS p using (customer_id)
      where d.is_current and p.customer_id is null`)).toBe(0);
    expect(await count(wh.backend, `select count(*) from GOLD.CHURN_PREDICTIONS where model_version <> '${first.modelVersion}'
      or churn_probability is null or churn_probability < 0 or churn_probability > 1 or scored_at is null`)).toBe(0);
    expect(await count(wh.backend, `select count(*) from GOLD.CHURN_PREDICTIONS where risk_tier <> case
      when churn_probability >= ${RISK_TIERS.high} then 'High' when churn_probability >= ${RISK_TIERS.medium} then 'Medium' else 'Low' end`)).toBe(0);
    const t = first.predictions!.tiers;
    expect(t.High + t.Medium + t.Low).toBe(customers);
    expect(t.High).toBeGreaterThan(0);
    expect(t.Low).toBeGreaterThan(t.High);
  });

  it('scores in SQL exactly what the model computes in-process', async () => {
    const rows = (await wh.backend.query('select * from GOLD.FCT_CHURN_TRAINING where is_scoring_snapshot order by customer_id limit 200')).rows.map(toFeatureRow);
    const x = new DesignMatrix(rows.length, first.design.length, designMatrix(rows, first.design));
    const expected = predictProbabilities(x, first.coefficients);
    const actual = (await wh.backend.query(`select p.churn_probability from GOLD.CHURN_PREDICTIONS p
      join (select customer_id from GOLD.FCT_CHURN_TRAINING where is_scoring_snapshot order by customer_id limit 200) s using (customer_id)
      order by p.customer_id`)).rows.map((r) => Number(r.churn_probability));
    expect(actual).toHaveLength(200);
    actual.forEach((p, i) => expect(Math.abs(p - expected[i]!)).toBeLessThan(1e-9));
  });

  it('is deterministic: same data, same coefficients and metrics, same version', async () => {
    const again = await trainChurn(wh.backend);
    expect(again.modelVersion).toBe(first.modelVersion);
    expect(JSON.stringify(again.coefficients)).toBe(JSON.stringify(first.coefficients));
    expect(JSON.stringify(again.metrics)).toBe(JSON.stringify(first.metrics));
  });

  it('the gate refuses a model below the bar and leaves the old predictions in place', async () => {
    const before = (await wh.backend.query('select customer_id, churn_probability, risk_tier, model_version, cast(scored_at as varchar) as scored_at from GOLD.CHURN_PREDICTIONS order by customer_id')).rows;
    const refused = await trainChurn(wh.backend, { minAuc: 0.999 });
    expect(refused.deployed).toBe(false);
    expect(refused.predictions).toBeNull();
    expect(refused.gate.reason).toMatch(/not above 0\.999|not above 1\.00/);
    expect(refused.activeModelVersion).toBe(first.modelVersion);
    const after = (await wh.backend.query('select customer_id, churn_probability, risk_tier, model_version, cast(scored_at as varchar) as scored_at from GOLD.CHURN_PREDICTIONS order by customer_id')).rows;
    expect(after).toEqual(before);
    const latest = await loadLatestChurnReport(wh.backend);
    expect(latest).not.toBeNull();
    expect(latest!.deployed).toBe(false);
    expect(latest!.activeModelVersion).toBe(first.modelVersion);
    expect(latest!.metrics.rocPoints.length).toBeGreaterThan(10);
    expect(latest!.metrics.logLossCurve.length).toBeGreaterThan(5);
    expect(latest!.coefficients.weights).toHaveLength(latest!.coefficients.design.length);
    expect(await count(wh.backend, 'select count(*) from GOLD.CHURN_MODEL_REGISTRY where deployed')).toBeGreaterThanOrEqual(2);
  });

  it('with shuffled labels learns nothing: held-out AUC near 0.5, and the gate refuses', async () => {
    const before = await count(wh.backend, `select count(*) from GOLD.CHURN_PREDICTIONS where model_version = '${first.modelVersion}'`);
    const shuffled = await trainChurn(wh.backend, { shuffleLabels: true });
    expect(shuffled.metrics.auc).toBeGreaterThan(0.4);
    expect(shuffled.metrics.auc).toBeLessThan(0.6);
    expect(shuffled.deployed).toBe(false);
    expect(await count(wh.backend, `select count(*) from GOLD.CHURN_PREDICTIONS where model_version = '${first.modelVersion}'`)).toBe(before);
  });

  it('the pipeline stage deploys and CUSTOMER_360_PROFILE then carries every customer\'s churn risk', async () => {
    expect(await count(wh.backend, 'select count(churn_risk_tier) from GOLD.CUSTOMER_360_PROFILE')).toBe(0);
    const outcome = await churnTrainStageRun({
      backend: wh.backend,
      config: runConfig({ dataDir: wh.dir, scale: 'test', backend: 'local' }),
      onProgress: () => undefined,
      signal: new AbortController().signal,
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.detail).toMatch(/deployed, High \d+ \/ Medium \d+ \/ Low \d+/);
    expect(await count(wh.backend, 'select count(*) from GOLD.CUSTOMER_360_PROFILE')).toBe(1000);
    expect(await count(wh.backend, `select count(*) from GOLD.CUSTOMER_360_PROFILE p join GOLD.CHURN_PREDICTIONS c using (customer_id)
      where p.churn_risk_tier = c.risk_tier and p.churn_probability = c.churn_probability`)).toBe(1000);
  });
});
