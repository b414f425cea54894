import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../src/backends/backend.js';
import { ROOT } from '../helpers/cli.js';
import { buildChurnWarehouse, type ChurnWarehouse } from './warehouse.js';
import { featureColumns, loadChurnModel } from '../../local-ml/model.js';
import { creditCard } from '../support/pack.js';

/** The credit-card model (local-ml/credit-card/model.yaml). */
const spec = loadChurnModel(creditCard);

let wh: ChurnWarehouse;
let sample: Row[];

beforeAll(async () => {
  wh = await buildChurnWarehouse('c360-churn-features-');
  // A fixed sample across cutoffs: labelled rows of both classes and scoring rows.
  sample = (
    await wh.backend.query(`select * from GOLD.FCT_CHURN_TRAINING
    where hash(customer_id, cutoff_date) % 97 = 0 or (churned_next_month = 1 and hash(customer_id) % 3 = 0)
    order by customer_id, cutoff_date`)
  ).rows;
});

afterAll(async () => {
  await wh?.close();
});

/**
 * The same quantities straight from BRONZE with plain date arithmetic: features from transactions
 * dated strictly before the cutoff, the label from those on or after it.
 */
const RECOMPUTE = `
with t as (
  select customer_id, transaction_date as ts, transaction_amount as amount, status = 'approved' as approved, channel, merchant_category
  from BRONZE.BRONZE_TRANSACTIONS
  where customer_id = $customer
)
select
  count(*) filter (where approved and ts >= $cutoff - interval 1 month and ts < $cutoff) as tx_count_1m,
  count(*) filter (where approved and ts >= $cutoff - interval 3 month and ts < $cutoff) as tx_count_3m,
  coalesce(sum(amount) filter (where approved and ts >= $cutoff - interval 1 month and ts < $cutoff), 0) as spend_1m,
  coalesce(sum(amount) filter (where approved and ts >= $cutoff - interval 3 month and ts < $cutoff), 0) as spend_3m,
  coalesce(cast($cutoff as date) - max(cast(ts as date)) filter (where approved and ts >= $cutoff - interval 3 month and ts < $cutoff), 93) as days_since_last_tx,
  count(distinct merchant_category) filter (where approved and ts >= $cutoff - interval 1 month and ts < $cutoff) as category_count_1m,
  count(*) filter (where approved and channel = 'Online' and ts >= $cutoff - interval 1 month and ts < $cutoff) as online_1m,
  count(*) filter (where approved and merchant_category = 'Travel' and ts >= $cutoff - interval 1 month and ts < $cutoff) as travel_1m,
  count(*) filter (where not approved and ts >= $cutoff - interval 1 month and ts < $cutoff) as declined_1m,
  count(*) filter (where approved and ts >= $cutoff and ts < $cutoff + interval 1 month) as approved_next_month
from t`;

describe('FCT_CHURN_TRAINING recomputed from bronze', () => {
  it('has a sample worth checking: both labels, several cutoffs, scoring rows', () => {
    expect(sample.length).toBeGreaterThan(100);
    expect(sample.some((r) => r.churned_next_month === 1)).toBe(true);
    expect(sample.some((r) => r.churned_next_month === 0)).toBe(true);
    expect(sample.some((r) => r.is_scoring_snapshot === true)).toBe(true);
    expect(new Set(sample.map((r) => String(r.cutoff_date))).size).toBeGreaterThan(8);
  });

  it('features read only transactions strictly before the cutoff, the label only those on or after it', async () => {
    for (const row of sample) {
      const sql = RECOMPUTE.replaceAll('$customer', `'${String(row.customer_id)}'`).replaceAll('$cutoff', `timestamp '${String(row.cutoff_date)}'`);
      const b = (await wh.backend.query(sql)).rows[0]!;
      const where = `${String(row.customer_id)} @ ${String(row.cutoff_date)}`;
      const n1 = Number(b.tx_count_1m);
      expect(Number(row.tx_count_1m), where).toBe(n1);
      expect(Number(row.tx_count_3m), where).toBe(Number(b.tx_count_3m));
      expect(Number(row.spend_1m), where).toBeCloseTo(Number(b.spend_1m), 6);
      expect(Number(row.spend_3m), where).toBeCloseTo(Number(b.spend_3m), 6);
      expect(Number(row.days_since_last_tx), where).toBe(Number(b.days_since_last_tx));
      expect(Number(row.category_count_1m), where).toBe(Number(b.category_count_1m));
      expect(Number(row.online_share_1m), where).toBeCloseTo(n1 > 0 ? Number(b.online_1m) / n1 : 0, 12);
      expect(Number(row.share_travel_1m), where).toBeCloseTo(n1 > 0 ? Number(b.travel_1m) / n1 : 0, 12);
      const attempts = n1 + Number(b.declined_1m);
      expect(Number(row.decline_rate_1m), where).toBeCloseTo(attempts > 0 ? Number(b.declined_1m) / attempts : 0, 12);
      // The scoring snapshot has no label yet; every labelled row was active and is labelled by the next month.
      const scoring = row.is_scoring_snapshot === true;
      expect(scoring || n1 > 0, where).toBe(true);
      expect(scoring ? row.churned_next_month : Number(row.churned_next_month), where).toBe(scoring ? null : Number(b.approved_next_month) === 0 ? 1 : 0);
    }
  });
});

describe('the features a bank has, and the same ones on Snowflake', () => {
  it('no generator-only column is a feature, or even in the feature table', async () => {
    const features = featureColumns(spec);
    for (const column of spec.generatorOnly) expect(features).not.toContain(column);
    const tableColumns = (
      await wh.backend.query(`select lower(column_name) as c from information_schema.columns
      where upper(table_schema) = 'GOLD' and upper(table_name) = 'FCT_CHURN_TRAINING'`)
    ).rows.map((r) => String(r.c));
    expect(tableColumns).toEqual(expect.arrayContaining(features));
    for (const column of spec.generatorOnly) expect(tableColumns).not.toContain(column);
    // Nor any column that could carry them under another name.
    expect(tableColumns.filter((c) => /segment|decline_type/.test(c))).toEqual([]);
    expect(features).toContain(spec.baseline.feature);
  });

  it("the Snowflake training view lists exactly the local model's features and label", () => {
    const sql = fs.readFileSync(`${ROOT}/sql/credit-card/ml/01_churn_training_views.sql`, 'utf8');
    const view = /CREATE OR REPLACE VIEW GOLD\.V_CHURN_TRAIN_ROWS AS\s+SELECT([\s\S]*?)\bFROM\b/i.exec(sql);
    expect(view).not.toBeNull();
    const columns = view![1]!
      .split(',')
      .map((c) => c.trim().replace(/^f\./, ''))
      .filter((c) => c.length > 0);
    expect(columns.slice(0, 2)).toEqual(['customer_id', 'cutoff_date']);
    expect(columns.slice(2, -1)).toEqual(featureColumns(spec));
    expect(columns.at(-1)).toBe('churned_next_month');
    expect(sql).toMatch(/CREATE OR REPLACE VIEW GOLD\.V_CHURN_TRAIN AS\s+SELECT \* EXCLUDE \(customer_id, cutoff_date\)\s+FROM GOLD\.V_CHURN_TRAIN_ROWS;/);
    expect(spec.numeric.length + spec.categorical.length).toBe(featureColumns(spec).length);
  });

  it("the Snowflake scripts train on the view's label and apply the same gate and tiers", () => {
    const train = fs.readFileSync(`${ROOT}/sql/credit-card/ml/02_train_churn_model.sql`, 'utf8');
    const targets = [...train.matchAll(/TARGET_COLNAME\s*=>\s*'([A-Z_0-9]+)'/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThanOrEqual(2);
    for (const target of targets) expect(target).toBe('CHURNED_NEXT_MONTH');
    const gate = fs.readFileSync(`${ROOT}/sql/credit-card/ml/04_gate_and_predict.sql`, 'utf8');
    expect(gate).toContain(`min_auc FLOAT DEFAULT ${spec.gate.minAuc.toFixed(2)};`);
    expect(gate).toContain(`min_gain FLOAT DEFAULT ${spec.gate.minGainOverBaseline.toFixed(2)};`);
    expect(spec.gate.shuffledControl).toEqual({ p95Below: 0.65 });
    expect(gate).toContain(`max_shuffled_p95 FLOAT DEFAULT 0.65;`);
    expect(gate).toContain(`CEIL(${spec.publish!.riskTiers.high.toFixed(2)} * scored_customers)`);
    expect(gate).toContain(`CEIL(${spec.publish!.riskTiers.medium.toFixed(2)} * scored_customers)`);
    const evaluation = fs.readFileSync(`${ROOT}/sql/credit-card/ml/03_holdout_evaluation.sql`, 'utf8');
    expect(evaluation).toMatch(/fits INTEGER DEFAULT (2\d|[3-9]\d);/);
  });
});
