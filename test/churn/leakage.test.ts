import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../src/backends/backend.js';
import { buildChurnWarehouse, count, rebuildFeatures, type ChurnWarehouse } from './warehouse.js';
import { featureColumns, loadChurnModel } from '../../local-ml/model.js';
import { creditCard } from '../support/pack.js';

/** The credit-card model (local-ml/credit-card/model.yaml). */
const spec = loadChurnModel(creditCard);

/**
 * No feature reads data from on or after its cutoff: append transactions dated on and after a
 * cutoff, rebuild the feature table, and that cutoff's (and every earlier cutoff's) features stay
 * exactly the same, while later cutoffs and the cutoff's own label do see the new transactions.
 */
const CUTOFF = '2024-09-01';
const FEATURE_COLUMNS = [...featureColumns(spec), 'spend_1m', 'spend_3m', 'credit_limit_at_cutoff'];

let wh: ChurnWarehouse;
let before: Row[];
let churnersAtCutoff: string[];
let touched: string[];

async function featuresUpTo(cutoff: string): Promise<Row[]> {
  return (
    await wh.backend.query(`select customer_id, cast(cutoff_date as varchar) as cutoff_date, ${FEATURE_COLUMNS.join(', ')}
    from GOLD.FCT_CHURN_TRAINING where cutoff_date <= date '${cutoff}' order by customer_id, cutoff_date`)
  ).rows;
}

beforeAll(async () => {
  wh = await buildChurnWarehouse('c360-churn-leak-');
  before = await featuresUpTo(CUTOFF);
  churnersAtCutoff = (
    await wh.backend.query(`select customer_id from GOLD.FCT_CHURN_TRAINING
    where cutoff_date = date '${CUTOFF}' and churned_next_month = 1 order by customer_id`)
  ).rows.map((r) => String(r.customer_id));
  const active = (
    await wh.backend.query(`select customer_id from GOLD.FCT_CHURN_TRAINING
    where cutoff_date = date '${CUTOFF}' and churned_next_month = 0 order by customer_id limit 40`)
  ).rows.map((r) => String(r.customer_id));
  touched = [...churnersAtCutoff, ...active];
  const list = touched.map((c) => `'${c}'`).join(', ');
  // Big approved purchases exactly at the cutoff (midnight) and inside its label window, a declined
  // one a week later, and a late one in the next month.
  await wh.backend.execute(`
    insert into BRONZE.BRONZE_TRANSACTIONS
    select (select max(transaction_id) from BRONZE.BRONZE_TRANSACTIONS) + row_number() over (order by customer_id, ts) as transaction_id,
           customer_id, ts as transaction_date, 4321.00 as transaction_amount, 'Leak Test Travel' as merchant_name,
           'Travel' as merchant_category, 'Online' as channel, status
    from (select unnest([${list}]) as customer_id) as c
    cross join (values (timestamp '${CUTOFF} 00:00:00', 'approved'), (timestamp '2024-09-08 12:00:00', 'declined'),
                       (timestamp '2024-09-20 09:30:00', 'approved')) as t(ts, status)`);
  await rebuildFeatures(wh.backend, wh.dir);
});

afterAll(async () => {
  await wh?.close();
});

describe('churn features read nothing on or after their cutoff', () => {
  it('appended transactions changed the data the model reads', async () => {
    expect(touched.length).toBeGreaterThan(20);
    expect(
      await count(
        wh.backend,
        `select count(*) from GOLD.FCT_TRANSACTIONS where transaction_amount = 4321.00
      and transaction_ts in (timestamp '${CUTOFF} 00:00:00', timestamp '2024-09-08 12:00:00', timestamp '2024-09-20 09:30:00')`,
      ),
    ).toBe(touched.length * 3);
  });

  it(`leaves every feature of cutoffs up to ${CUTOFF} unchanged`, async () => {
    const after = await featuresUpTo(CUTOFF);
    expect(after.length).toBe(before.length);
    expect(after).toEqual(before);
  });

  it("does change the next cutoff's features (the test can see a leak)", async () => {
    const later = (
      await wh.backend.query(`select count(*) as n from GOLD.FCT_CHURN_TRAINING
      where cutoff_date = date '2024-10-01' and customer_id in (${touched.map((c) => `'${c}'`).join(', ')}) and spend_1m >= 8642`)
    ).rows[0]!;
    expect(Number(later.n)).toBe(touched.length);
  });

  it('the label (and only the label) reads the calendar month from the cutoff on', async () => {
    expect(churnersAtCutoff.length).toBeGreaterThan(0);
    const labels = (
      await wh.backend.query(`select customer_id, churned_next_month from GOLD.FCT_CHURN_TRAINING
      where cutoff_date = date '${CUTOFF}' and customer_id in (${churnersAtCutoff.map((c) => `'${c}'`).join(', ')})`)
    ).rows;
    expect(labels).toHaveLength(churnersAtCutoff.length);
    for (const r of labels) expect(Number(r.churned_next_month)).toBe(0);
  });
});
