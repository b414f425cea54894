import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWarehouse } from '../support/pack.js';
import { BOOTSTRAP_REPLICATES, loadLatestChurnReport, trainChurn, type ChurnTrainingReport } from '../../local-ml/index.js';
import { designMatrix, toFeatureRow } from '../../local-ml/features.js';
import { DesignMatrix, predictProbabilities } from '../../local-ml/train.js';
import { churnTrainStageRun } from '../../local-ml/stage.js';
import { runConfig } from '../../src/core/config.js';
import { buildChurnWarehouse, count, type ChurnWarehouse } from './warehouse.js';
import { featureColumns, loadChurnModel } from '../../local-ml/model.js';
import { creditCard } from '../support/pack.js';

/** The credit-card model (local-ml/credit-card/model.yaml). */
const spec = loadChurnModel(creditCard);

let wh: ChurnWarehouse;
let first: ChurnTrainingReport;

beforeAll(async () => {
  wh = await buildChurnWarehouse('c360-churn-train-', { wholeProject: true });
  first = await trainChurn(wh.backend);
});

afterAll(async () => {
  await wh?.close();
});

/** Every held-out row straight from the feature table, scored with the report's model. */
async function heldOutScores(report: ChurnTrainingReport): Promise<{ labels: number[]; probabilities: Float64Array }> {
  const rows = (
    await wh.backend.query(`select customer_id, cast(cutoff_date as varchar) as cutoff_date, ${featureColumns(spec).join(', ')}, churned_next_month
    from GOLD.FCT_CHURN_TRAINING where not is_scoring_snapshot and cutoff_date >= date '${report.data.testCutoffs[0]}'
    order by customer_id, cutoff_date`)
  ).rows.map((r) => toFeatureRow(r, spec));
  const x = new DesignMatrix(rows.length, report.design.length, designMatrix(rows, report.design, spec));
  return { labels: rows.map((r) => r.label!), probabilities: predictProbabilities(x, report.coefficients) };
}

/** The Mann-Whitney statistic by comparing every churner with every stayer: no sorting, no ranks. */
function mannWhitneyByPairs(labels: number[], scores: ArrayLike<number>): number {
  const pos: number[] = [];
  const neg: number[] = [];
  labels.forEach((y, i) => (y === 1 ? pos : neg).push(scores[i]!));
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

describe('churn model at test scale', () => {
  it('is trained on earlier cutoffs and judged on every row of the later ones', async () => {
    expect(first.data.trainCutoffs[1] < first.data.testCutoffs[0]).toBe(true);
    const heldOut = await count(
      wh.backend,
      `select count(*) from GOLD.FCT_CHURN_TRAINING
      where not is_scoring_snapshot and cutoff_date >= date '${first.data.testCutoffs[0]}'`,
    );
    expect(first.data.testRows).toBe(heldOut);
    expect(first.data.testPositives).toBe(
      await count(
        wh.backend,
        `select sum(churned_next_month) from GOLD.FCT_CHURN_TRAINING
      where not is_scoring_snapshot and cutoff_date >= date '${first.data.testCutoffs[0]}'`,
      ),
    );
    expect(first.metrics.model.aucInterval.replicates).toBe(BOOTSTRAP_REPLICATES);
    expect(spec.definition).toMatch(/calendar month starting on it/);
  });

  it('reports an AUC equal to the Mann-Whitney statistic over all held-out rows', async () => {
    const { labels, probabilities } = await heldOutScores(first);
    expect(labels).toHaveLength(first.data.testRows);
    const reference = mannWhitneyByPairs(labels, probabilities);
    expect(Math.abs(first.metrics.model.auc - reference)).toBeLessThan(1e-6);
    expect(Math.abs(first.metrics.model.aucTrapezoid - reference)).toBeLessThan(1e-6);
    const m = first.metrics.model;
    expect(m.aucInterval.low).toBeLessThan(m.auc);
    expect(m.aucInterval.high).toBeGreaterThan(m.auc);
    // The baseline is days since the last purchase alone: its AUC is that column's.
    const recency = (
      await wh.backend.query(`select days_since_last_tx from GOLD.FCT_CHURN_TRAINING
      where not is_scoring_snapshot and cutoff_date >= date '${first.data.testCutoffs[0]}' order by customer_id, cutoff_date`)
    ).rows.map((r) => Number(r.days_since_last_tx));
    expect(Math.abs(first.metrics.baseline.auc - mannWhitneyByPairs(labels, recency))).toBeLessThan(1e-6);
  });

  it('has the same churn process in training and held-out months (base rates within a factor of 2)', () => {
    const { trainBaseRate, baseRate } = first.metrics;
    expect(trainBaseRate).toBeGreaterThan(0);
    expect(Math.max(trainBaseRate, baseRate) / Math.min(trainBaseRate, baseRate)).toBeLessThan(2);
  });

  it('passes the three-part gate and records every number in the registry row', async () => {
    const m = first.metrics;
    const gate = loadChurnModel(creditCard).gate;
    expect(m.model.auc).toBeGreaterThan(gate.minAuc);
    expect(m.model.auc - m.baseline.auc).toBeGreaterThanOrEqual(gate.minGainOverBaseline);
    expect(m.shuffled.fits).toBeGreaterThanOrEqual(20);
    expect(m.shuffled.aucs).toHaveLength(m.shuffled.fits);
    expect(m.shuffled.p95).toBeLessThan(0.65);
    expect(first.deployed).toBe(true);
    expect(first.gate.checks.map((c) => c.passed)).toEqual([true, true, true]);
    const row = (await wh.backend.query(`select * from GOLD.CHURN_MODEL_REGISTRY where model_version = '${first.modelVersion}'`)).rows[0]!;
    expect(row.gate_verdict).toBe('deployed');
    expect(row.gate_reason).toBe(first.gate.reason);
    expect(row.heldout_auc).toBe(m.model.auc);
    expect(row.heldout_auc_ci_low).toBe(m.model.aucInterval.low);
    expect(row.baseline_auc).toBe(m.baseline.auc);
    expect(row.shuffled_auc_p95).toBe(m.shuffled.p95);
    expect(row.recall_at_threshold).toBe(m.model.recall);
    expect(row.heldout_rows).toBe(first.data.testRows);
    const top10 = m.model.top.find((t) => t.share === 0.1)!;
    expect(row.lift_top_10pct).toBe(top10.lift);
    expect(top10.rows).toBe(Math.ceil(0.1 * first.data.testRows));
  });

  it('is deterministic: same data and seed, byte-identical metrics; another seed, another bootstrap and shuffles', async () => {
    const again = await trainChurn(wh.backend);
    expect(again.modelVersion).toBe(first.modelVersion);
    expect(JSON.stringify(again.coefficients)).toBe(JSON.stringify(first.coefficients));
    expect(JSON.stringify(again.metrics)).toBe(JSON.stringify(first.metrics));
    // An unreachable bar keeps this run from deploying, so the predictions stay first's.
    const other = await trainChurn(wh.backend, { seed: 7, minAuc: 1 });
    expect(other.deployed).toBe(false);
    expect(other.metrics.model.auc).toBe(first.metrics.model.auc);
    expect(JSON.stringify(other.metrics.shuffled.aucs)).not.toBe(JSON.stringify(first.metrics.shuffled.aucs));
    expect(other.metrics.model.aucInterval).not.toEqual(first.metrics.model.aucInterval);
  });

  it('lists only customers who can still be saved, ranked, with tiers from the score distribution', async () => {
    const asOf = '(select max(cast(transaction_date as date)) from BRONZE.BRONZE_TRANSACTIONS)';
    const active = await count(
      wh.backend,
      `select count(distinct customer_id) from BRONZE.BRONZE_TRANSACTIONS
      where status = 'approved' and cast(transaction_date as date) > ${asOf} - ${spec.publish!.activeDays}`,
    );
    const listed = await count(wh.backend, 'select count(*) from GOLD.CHURN_PREDICTIONS');
    expect(listed).toBe(active);
    expect(listed).toBeLessThan(1000);
    // Nobody on the list has been silent for 30 days or more (recomputed from bronze).
    expect(
      await count(
        wh.backend,
        `select count(*) from GOLD.CHURN_PREDICTIONS p
      where (select coalesce(${asOf} - max(cast(t.transaction_date as date)), 9999) from BRONZE.BRONZE_TRANSACTIONS t
             where t.customer_id = p.customer_id and t.status = 'approved') >= ${spec.publish!.activeDays}`,
      ),
    ).toBe(0);
    expect(await count(wh.backend, `select count(*) from GOLD.CHURN_PREDICTIONS where days_silent >= ${spec.publish!.activeDays} or days_silent < 0`)).toBe(0);
    const t = first.predictions!.tiers;
    expect(t.High).toBe(Math.ceil(spec.publish!.riskTiers.high * listed));
    expect(t.High + t.Medium).toBe(Math.ceil(spec.publish!.riskTiers.medium * listed));
    // Ranked by probability; every High above every Medium above every Low.
    expect(
      await count(
        wh.backend,
        `select count(*) from GOLD.CHURN_PREDICTIONS a join GOLD.CHURN_PREDICTIONS b
      on a.risk_rank < b.risk_rank and a.churn_probability < b.churn_probability`,
      ),
    ).toBe(0);
    expect(await count(wh.backend, "select count(*) from GOLD.CHURN_PREDICTIONS where risk_tier = 'High' and top_factor_1 is null")).toBe(0);
    const top = (await wh.backend.query('select top_factor_1 from GOLD.CHURN_PREDICTIONS order by risk_rank limit 1')).rows[0]!;
    expect(String(top.top_factor_1)).toMatch(/^[a-z0-9_=& ]+ (high|low)$|^card_type=/);
  });

  it('scores in SQL exactly what the model computes in-process', async () => {
    const rows = (
      await wh.backend.query(`select f.* from GOLD.FCT_CHURN_TRAINING f join GOLD.CHURN_PREDICTIONS p using (customer_id)
      where f.is_scoring_snapshot order by f.customer_id limit 200`)
    ).rows.map((r) => toFeatureRow(r, spec));
    const x = new DesignMatrix(rows.length, first.design.length, designMatrix(rows, first.design, spec));
    const expected = predictProbabilities(x, first.coefficients);
    const actual = (
      await wh.backend.query(`select churn_probability from GOLD.CHURN_PREDICTIONS
      where customer_id in (${rows.map((r) => `'${r.entityId}'`).join(', ')}) order by customer_id`)
    ).rows.map((r) => Number(r.churn_probability));
    expect(actual).toHaveLength(rows.length);
    actual.forEach((p, i) => expect(Math.abs(p - expected[i]!)).toBeLessThan(1e-9));
  });

  it('the gate refuses a model below the bar and leaves the old predictions in place', async () => {
    const before = (await wh.backend.query('select * exclude (scored_at) from GOLD.CHURN_PREDICTIONS order by customer_id')).rows;
    const refused = await trainChurn(wh.backend, { minAuc: 0.999 });
    expect(refused.deployed).toBe(false);
    expect(refused.predictions).toBeNull();
    expect(refused.gate.reason).toMatch(/^not deployed: held-out AUC failed \(held-out AUC 0\.\d{3} is not above 1\.00/);
    expect(refused.activeModelVersion).toBe(first.modelVersion);
    expect((await wh.backend.query('select * exclude (scored_at) from GOLD.CHURN_PREDICTIONS order by customer_id')).rows).toEqual(before);
    const latest = await loadLatestChurnReport(wh.backend);
    expect(latest!.deployed).toBe(false);
    expect(latest!.activeModelVersion).toBe(first.modelVersion);
    expect(latest!.metrics.model.rocPoints.length).toBeGreaterThan(10);
    expect(latest!.metrics.model.calibration).toHaveLength(10);
    expect(
      (await wh.backend.query(`select gate_verdict from GOLD.CHURN_MODEL_REGISTRY where model_version = '${refused.modelVersion}'`)).rows[0]!.gate_verdict,
    ).toBe('refused');
  });

  it('trained on shuffled labels, it learns nothing: held-out AUC near 0.5, the gate refuses', async () => {
    const before = await count(wh.backend, `select count(*) from GOLD.CHURN_PREDICTIONS where model_version = '${first.modelVersion}'`);
    const shuffled = await trainChurn(wh.backend, { shuffleTrainingLabels: 11 });
    expect(shuffled.data.trainPositives).toBe(first.data.trainPositives);
    expect(shuffled.metrics.model.auc).toBeGreaterThan(0.3);
    expect(shuffled.metrics.model.auc).toBeLessThan(0.7);
    expect(shuffled.deployed).toBe(false);
    expect(await count(wh.backend, `select count(*) from GOLD.CHURN_PREDICTIONS where model_version = '${first.modelVersion}'`)).toBe(before);
  });

  it('the pipeline stage deploys and CUSTOMER_360_PROFILE then carries the churn risk of every listed customer', async () => {
    const outcome = await churnTrainStageRun({
      backend: wh.backend,
      config: runConfig({ ...localWarehouse(wh.dir), scale: 'test', backend: 'local' }),
      onProgress: () => undefined,
      signal: new AbortController().signal,
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.detail).toMatch(/deployed, High \d+ \/ Medium \d+ \/ Low \d+/);
    const listed = await count(wh.backend, 'select count(*) from GOLD.CHURN_PREDICTIONS');
    expect(await count(wh.backend, 'select count(*) from GOLD.CUSTOMER_360_PROFILE')).toBe(1000);
    expect(
      await count(
        wh.backend,
        `select count(*) from GOLD.CUSTOMER_360_PROFILE p join GOLD.CHURN_PREDICTIONS c using (customer_id)
      where p.churn_risk_tier = c.risk_tier and p.churn_probability = c.churn_probability`,
      ),
    ).toBe(listed);
  });
});
