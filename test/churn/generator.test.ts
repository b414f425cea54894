import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWarehouse } from '../support/pack.js';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { generateBronze } from '../../src/scenario/credit-card/generate/index.js';
import { runValidation } from '../../src/validate/checks.js';
import { rebuildFeatures } from './warehouse.js';
import { tempDir } from '../helpers/cli.js';

/** The history the churn model learns from: nothing after the as-of date, churn all through it. */
describe('generated history for churn', () => {
  let backend: LocalDuckDbBackend;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir();
    backend = await LocalDuckDbBackend.open({ ...localWarehouse(dir) });
  });
  afterAll(async () => backend.close());

  for (const asOf of ['2025-06-15', '2025-06-01', '2025-02-28']) {
    it(`has no transaction after the as-of date ${asOf}, and passes the 12 checks`, async () => {
      await generateBronze(backend, { customers: 1_000, seed: 42, asOf });
      const { rows } = await backend.query(`select count(*) filter (where transaction_date >= date '${asOf}' + interval 1 day) as after,
        max(transaction_date) as last from BRONZE.BRONZE_TRANSACTIONS`);
      expect(Number(rows[0]!.after)).toBe(0);
      expect(String(rows[0]!.last).slice(0, 10)).toBe(asOf);
      const failed = (await runValidation(backend)).filter((c) => c.status !== 'pass');
      expect(failed).toEqual([]);
    });
  }

  it('scores a history ending mid-month on whole months: snapshot at the start of the as-of month', async () => {
    await generateBronze(backend, { customers: 1_000, seed: 42, asOf: '2025-06-15' });
    await rebuildFeatures(backend, dir);
    const { rows } = await backend.query(`select cast(cutoff_date as varchar) as cutoff, is_scoring_snapshot as scoring, count(*) as n
      from GOLD.FCT_CHURN_TRAINING group by all order by cutoff desc limit 2`);
    expect(rows.map((r) => [r.cutoff, r.scoring])).toEqual([
      ['2025-06-01', true],
      ['2025-05-01', false],
    ]);
    expect(Number(rows[0]!.n)).toBe(1000);
  });

  it('staggers when Declining customers stop across the whole history', async () => {
    await generateBronze(backend, { customers: 1_000, seed: 42, asOf: '2025-06-30' });
    // Last approved purchase of each Declining customer who stopped before the as-of month.
    const { rows } = await backend.query(`
      with last as (
        select c.customer_id, max(t.transaction_date) as last_purchase
        from BRONZE.BRONZE_CUSTOMERS c join BRONZE.BRONZE_TRANSACTIONS t using (customer_id)
        where c.customer_segment = 'Declining' and t.status = 'approved'
        group by c.customer_id
      )
      select date_trunc('quarter', last_purchase) as quarter, count(*) as n
      from last where last_purchase < date '2025-06-01' group by 1 order by 1`);
    // Stops in every quarter from the second one on, none holding more than a third of them.
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const total = rows.reduce((s, r) => s + Number(r.n), 0);
    for (const r of rows) expect(Number(r.n) / total).toBeLessThan(1 / 3);
  });
});
