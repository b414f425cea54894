import fs from 'node:fs';
import { localWarehouse } from '../support/pack.js';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { generateBronze } from '../../src/scenario/credit-card/generate/index.js';
import { loadLineage, loadRunResults, runDbt, targetDir, type DbtRunResult } from '../../src/dbt/index.js';
import { streamAppend } from '../../src/orchestration/index.js';

/** The credit-card dbt project on test-scale bronze (1,000 customers), built once for the file. */
describe('dbt build of the credit-card project at test scale', () => {
  let dataDir: string;
  let backend: LocalDuckDbBackend;
  let build: DbtRunResult;
  const one = async (sql: string) => (await backend.query(sql)).rows[0]!;

  /** Rebuilds `models` from scratch and expects `relations` to hold what the incremental run left (row counts and row hashes). */
  const expectSameAsRebuild = async (models: string[], relations: string[]) => {
    const contents = async () => {
      const out: Record<string, unknown> = {};
      for (const relation of relations) out[relation] = await one(`select count(*) as n, sum(hash(t::varchar)) as h from ${relation} as t`);
      return out;
    };
    const afterIncremental = await contents();
    const rebuilt = await runDbt(backend, { command: 'run', dataDir, select: models, fullRefresh: true });
    expect(rebuilt.results.every((r) => r.status === 'success' && !/incremental/.test(r.message))).toBe(true);
    expect(afterIncremental).toEqual(await contents());
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-'));
    backend = await LocalDuckDbBackend.open({ ...localWarehouse(dataDir) });
    await generateBronze(backend, { customers: 1_000, seed: 42, asOf: '2025-06-30' });
    build = await runDbt(backend, { command: 'build', dataDir });
  });
  afterAll(async () => {
    await backend.close();
  });

  it('builds every model and passes every test', () => {
    const failed = build.results.filter((r) => !['success', 'pass'].includes(r.status)).map((r) => `${r.name}: ${r.message}`);
    expect(failed).toEqual([]);
    expect(build.ok).toBe(true);
    const models = build.results.filter((r) => r.resourceType === 'model').map((r) => r.name);
    for (const name of ['stg_bronze__customers', 'stg_bronze__transactions', 'dim_customer', 'dim_date', 'dim_merchant_category', 'fct_transactions', 'customer_segments', 'customer_360_profile', 'metric_customer_ltv', 'metric_mom_spend_change', 'metric_avg_transaction_value', 'agg_monthly_spend']) {
      expect(models).toContain(name);
    }
    expect(build.summary.testsPassed).toBeGreaterThanOrEqual(45);
  });

  it('puts models in SILVER and GOLD under upper-case names', async () => {
    const rows = (await backend.query("select table_schema || '.' || table_name as t from information_schema.tables where table_schema in ('SILVER', 'GOLD')")).rows.map((r) => r.t);
    expect(rows).toEqual(expect.arrayContaining(['SILVER.STG_BRONZE__TRANSACTIONS', 'GOLD.DIM_CUSTOMER', 'GOLD.FCT_TRANSACTIONS', 'GOLD.CUSTOMER_360_PROFILE', 'GOLD.CHURN_PREDICTIONS']));
  });

  it('stores no 128-bit numbers in SILVER and GOLD tables (DuckDB scans hugeint and decimal(38, 2) ~50x slower than 64-bit)', async () => {
    const wide = await backend.query(`
      select c.table_schema || '.' || c.table_name || '.' || c.column_name || ' ' || c.data_type as col
      from information_schema.columns as c
      join information_schema.tables as t using (table_catalog, table_schema, table_name)
      where c.table_schema in ('SILVER', 'GOLD') and t.table_type = 'BASE TABLE'
        and (c.data_type in ('HUGEINT', 'UHUGEINT') or (c.data_type like 'DECIMAL(%' and c.numeric_precision > 18))
      order by 1`);
    expect(wide.rows.map((r) => r.col)).toEqual([]);
  });

  it('keeps SCD2 history in DIM_CUSTOMER, one current row per customer', async () => {
    const history = await one(`select count(*) as versions, count(distinct customer_id) as customers,
        sum(case when is_current then 1 else 0 end) as current_rows,
        count(distinct case when version_number > 1 then customer_id end) as with_history
      from GOLD.DIM_CUSTOMER`);
    expect(history.customers).toBe(1000);
    expect(history.current_rows).toBe(1000);
    expect(Number(history.with_history)).toBeGreaterThan(50);
    expect(Number(history.versions)).toBeGreaterThan(1000);
    const closed = await one('select count(*) as n from GOLD.DIM_CUSTOMER where not is_current and (valid_to is null or valid_to < valid_from)');
    expect(closed.n).toBe(0);
    const current = await one(`select count(*) as n from GOLD.DIM_CUSTOMER d join BRONZE.BRONZE_CUSTOMERS b using (customer_id)
      where d.is_current and d.credit_limit <> b.credit_limit`);
    expect(current.n).toBe(0);
  });

  it('has a 580-day DIM_DATE and a fact row per transaction', async () => {
    expect((await one('select count(*) as n from GOLD.DIM_DATE')).n).toBe(580);
    const fact = await one('select (select count(*) from GOLD.FCT_TRANSACTIONS) as f, (select count(distinct transaction_id) from BRONZE.BRONZE_TRANSACTIONS) as b');
    expect(fact.f).toBe(fact.b);
  });

  it('stores the fact rows’ times in whole seconds, the same instants as bronze', async () => {
    const type = await one("select data_type from information_schema.columns where table_schema = 'GOLD' and table_name = 'FCT_TRANSACTIONS' and column_name = 'transaction_ts'");
    expect(type.data_type).toBe('TIMESTAMP_S');
    const differing = await one(`select count(*) as n from GOLD.FCT_TRANSACTIONS f join BRONZE.BRONZE_TRANSACTIONS b using (transaction_id)
      where cast(f.transaction_ts as timestamp) <> b.transaction_date`);
    expect(differing.n).toBe(0);
  });

  it('profiles every customer once, with spend that adds up to the fact table', async () => {
    const profile = await one('select count(*) as n, count(distinct customer_id) as d, sum(lifetime_spend) as spend, count(churn_probability) as scored from GOLD.CUSTOMER_360_PROFILE');
    expect(profile.n).toBe(1000);
    expect(profile.d).toBe(1000);
    expect(profile.scored).toBe(0);
    const fact = await one('select sum(transaction_amount) as spend from GOLD.FCT_TRANSACTIONS where is_approved');
    expect(Number(profile.spend)).toBeCloseTo(Number(fact.spend), 2);
    const segments = await one('select count(*) as n, sum(customers) as customers from GOLD.CUSTOMER_SEGMENTS');
    expect(segments).toEqual({ n: 5, customers: 1000 });
    const monthly = await one("select count(distinct transaction_month) as months from GOLD.METRIC_MOM_SPEND_CHANGE where customer_segment = 'All'");
    expect(monthly.months).toBe(18);
  });

  it('writes run_results.json and a layered lineage graph', () => {
    const stored = loadRunResults(dataDir);
    expect(stored?.c360.ok).toBe(true);
    expect(stored?.results.length).toBe(build.results.length);
    const lineage = loadLineage(dataDir)!;
    const layer = (name: string) => lineage.nodes.find((n) => n.name === name)?.layer;
    expect(layer('bronze_transactions')).toBe('bronze');
    expect(layer('stg_bronze__transactions')).toBe('silver');
    expect(layer('fct_transactions')).toBe('gold');
    expect(lineage.edges).toContainEqual({ from: 'model.customer_analytics_dbt.stg_bronze__transactions', to: 'model.customer_analytics_dbt.fct_transactions' });
  });

  it('keeps the last full build apart from a later small run', async () => {
    const refresh = await runDbt(backend, { command: 'run', dataDir, select: ['customer_360_profile'] });
    expect(refresh.ok).toBe(true);
    expect(loadRunResults(dataDir)?.results.map((r) => r.unique_id)).toEqual(['model.customer_analytics_dbt.customer_360_profile']);
    expect(loadRunResults(dataDir, 'build')?.results.length).toBe(build.results.length);
    // compiled/ shows the last run only: the build's other models and tests are gone.
    const compiled = path.join(targetDir(dataDir), 'compiled');
    const files = fs.readdirSync(compiled, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.map((e) => path.relative(compiled, path.join(e.parentPath, e.name)))).toEqual([path.join('models', 'marts', 'customer_360_profile.sql')]);
  });

  it('merges only new transactions on an incremental run, and picks up churn scores', async () => {
    await backend.execute(`insert into BRONZE.BRONZE_TRANSACTIONS
      select 999000001, 'CUST000001', timestamp '2025-07-01 10:00:00', 42.50, 'Test Merchant', 'Dining', 'Online', 'approved'`);
    await backend.execute(`insert into GOLD.CHURN_PREDICTIONS (customer_id, churn_probability, risk_tier, model_version, scored_at) values ('CUST000001', 0.91, 'High', 'test', timestamp '2025-07-01 00:00:00')`);
    const before = await one('select count(*) as n from GOLD.FCT_TRANSACTIONS');
    const run = await runDbt(backend, { command: 'build', dataDir, select: ['fct_transactions+'] });
    expect(run.ok).toBe(true);
    const fct = run.results.find((r) => r.name === 'fct_transactions')!;
    expect(fct.message).toMatch(/incremental/);
    // Re-loads only the last loaded day plus the new one, not the whole history.
    expect(fct.rowsAffected!).toBeLessThan(Number(before.n) / 100);
    expect((await one('select count(*) as n from GOLD.FCT_TRANSACTIONS')).n).toBe(Number(before.n) + 1);
    const profile = await one("select churn_probability, churn_risk_tier from GOLD.CUSTOMER_360_PROFILE where customer_id = 'CUST000001'");
    expect(profile).toEqual({ churn_probability: 0.91, churn_risk_tier: 'High' });

    // The new row opens a month and moves the as-of date: the incremental models hold exactly
    // what rebuilding them from scratch gives.
    const incremental = ['fct_transactions', 'int_customer_months', 'int_churn_snapshots', 'int_customer_activity', 'int_customer_monthly_spend', 'agg_monthly_spend', 'metric_avg_transaction_value', 'metric_mom_spend_change', 'customer_360_profile'];
    const relations = run.results.filter((r) => incremental.includes(r.name)).map((r) => r.relationName!);
    expect(relations).toHaveLength(incremental.length);
    expect(run.results.filter((r) => incremental.includes(r.name)).every((r) => /incremental/.test(r.message))).toBe(true);
    await expectSameAsRebuild(incremental, relations);
  });

  it('adds transactions on the last day to the stored activity of their customers, and writes only the changed customers', async () => {
    // stream append: new ids on the latest day, so the as-of date (and the 90-day windows) stay.
    await streamAppend(backend, 300);
    const models = ['stg_bronze__customers', 'int_customer_activity', 'dim_customer', 'customer_360_profile'];
    const run = await runDbt(backend, { command: 'run', dataDir, select: ['fct_transactions', ...models] });
    const written = Object.fromEntries(run.results.map((r) => [r.name, r.rowsAffected]));
    expect(run.results.every((r) => /incremental/.test(r.message))).toBe(true);
    const touched = Number((await one('select count(distinct customer_id) as n from GOLD.FCT_TRANSACTIONS where transaction_id > 999000001')).n);
    expect(touched).toBeGreaterThan(100);
    expect(written).toMatchObject({ stg_bronze__customers: 0, int_customer_activity: touched, dim_customer: 0, customer_360_profile: touched });
    const relations = run.results.filter((r) => models.includes(r.name)).map((r) => r.relationName!);
    await expectSameAsRebuild(models, relations);
  });

  it('writes only the customers whose bronze row changed into STG_BRONZE__CUSTOMERS, as a rebuild gives', async () => {
    await backend.execute(`update BRONZE.BRONZE_CUSTOMERS set city = 'Springfield' where customer_id in ('CUST000003', 'CUST000004')`);
    const run = await runDbt(backend, { command: 'run', dataDir, select: ['stg_bronze__customers'] });
    expect(run.results.map((r) => [r.name, r.rowsAffected])).toEqual([['stg_bronze__customers', 2]]);
    expect(Number((await one("select count(*) as n from SILVER.STG_BRONZE__CUSTOMERS where city = 'Springfield'")).n)).toBeGreaterThanOrEqual(2);
    await expectSameAsRebuild(['stg_bronze__customers'], ['SILVER.STG_BRONZE__CUSTOMERS']);
  });

  it("fails the unique test once per repeated value, with its rows, as dbt's own unique test does", async () => {
    const ltv = 'GOLD.METRIC_CUSTOMER_LTV';
    await backend.execute(`create temp table ltv_copy as select * from ${ltv}`);
    try {
      // CUST000005 three times, CUST000006 twice, and two nulls (not a repeat).
      await backend.execute(`insert into ${ltv} select * from ${ltv} where customer_id in ('CUST000005', 'CUST000006')`);
      await backend.execute(`insert into ${ltv} select * from ${ltv} where customer_id = 'CUST000005' limit 1`);
      await backend.execute(`insert into ${ltv} select * replace (null as customer_id) from ${ltv} where customer_id = 'CUST000007'`);
      await backend.execute(`insert into ${ltv} select * replace (null as customer_id) from ${ltv} where customer_id = 'CUST000007'`);
      const run = await runDbt(backend, { command: 'test', dataDir, select: ['metric_customer_ltv'] });
      const unique = run.results.find((r) => r.name.startsWith('unique_metric_customer_ltv_customer_id'))!;
      expect([unique.status, unique.failures]).toEqual(['fail', 2]);
    } finally {
      await backend.execute(`delete from ${ltv}; insert into ${ltv} select * from ltv_copy; drop table ltv_copy`);
    }
  });

  it('moves the churn scoring snapshot on when a month completes: the former one becomes training rows, as a rebuild gives', async () => {
    const scoring = async () => (await one('select max(cutoff_date) as cutoff, count(*) as n from SILVER.INT_CHURN_SNAPSHOTS where is_scoring_snapshot'));
    const before = await scoring();
    // History now ends on the last day of its last month: the next month's first day scores.
    await backend.execute(`insert into BRONZE.BRONZE_TRANSACTIONS
      select 999999999, 'CUST000002', timestamp '2025-07-31 18:00:00', 12.00, 'Test Merchant', 'Grocery', 'In-Store', 'approved'`);
    const run = await runDbt(backend, { command: 'run', dataDir, select: ['fct_transactions', 'int_customer_months', 'int_churn_snapshots'] });
    expect(run.results.every((r) => r.status === 'success' && /incremental/.test(r.message))).toBe(true);
    const after = await scoring();
    expect([String(before.cutoff), String(after.cutoff)]).toEqual(['2025-07-01', '2025-08-01']);
    // The former scoring cutoff keeps only the customers active in the month before it.
    const former = await one(`select count(*) as n, count(*) filter (where is_scoring_snapshot or tx_count_1m = 0) as wrong
      from SILVER.INT_CHURN_SNAPSHOTS where cutoff_date = date '2025-07-01'`);
    expect(Number(former.n)).toBeGreaterThan(0);
    expect(Number(former.n)).toBeLessThan(Number(before.n));
    expect(Number(former.wrong)).toBe(0);
    await expectSameAsRebuild(['int_churn_snapshots'], ['SILVER.INT_CHURN_SNAPSHOTS']);
  });
});
