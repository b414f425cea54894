import fs from 'node:fs';
import { localWarehouse } from '../support/pack.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { generateBronze } from '../../src/scenario/credit-card/generate/index.js';
import { runValidation } from '../../src/validate/checks.js';
import { recordGeneration } from '../../src/scenario/credit-card/generate/telemetry.js';
import { recordChecks } from '../../src/telemetry/quality.js';
import { InterruptedError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/cli.js';
import { copyBronzeWarehouse } from '../support/warehouse.js';

const PARAMS = { customers: 1_000, seed: 42, asOf: '2025-06-30' };

/** Order-independent checksum of every column of a table: equal data gives equal numbers. */
async function checksum(backend: LocalDuckDbBackend, table: string): Promise<string> {
  const { rows } = await backend.query(`SELECT count(*) AS n, sum(hash(row_to_json(t)::VARCHAR) % 1000000007) AS h FROM ${table} AS t`);
  return `${String(rows[0]!.n)}:${String(rows[0]!.h)}`;
}

describe('bronze generation at test scale', () => {
  let backend: LocalDuckDbBackend;

  beforeAll(async () => {
    backend = await LocalDuckDbBackend.open({ ...localWarehouse(tempDir()) });
    await recordGeneration(backend, PARAMS, () => generateBronze(backend, PARAMS));
  });
  afterAll(async () => backend.close());

  it('passes all 12 checks', async () => {
    const checks = await runValidation(backend);
    expect(checks).toHaveLength(12);
    expect(checks.filter((c) => c.status !== 'pass')).toEqual([]);
  });

  it('records telemetry: stage timings, segment snapshots, the baseline/delta and the quality dashboard', async () => {
    const generation = await backend.query('SELECT stage, row_count FROM TELEMETRY.GENERATION_TELEMETRY ORDER BY stage');
    expect(generation.rows.map((r) => r.stage)).toEqual(['generate_customers', 'generate_transactions']);
    expect(generation.rows[0]!.row_count).toBe(1_000);
    const segments = await backend.query('SELECT count(*) AS n, sum(customers) AS customers FROM TELEMETRY.V_SEGMENT_PERFORMANCE');
    expect(segments.rows[0]).toEqual({ n: 5, customers: 1_000 });
    const delta = await backend.query("SELECT baseline, post, delta FROM TELEMETRY.V_GENERATION_DELTA WHERE metric = 'customers'");
    // The first generation starts from an empty warehouse: no baseline, the delta is everything.
    expect(delta.rows[0]).toEqual({ baseline: null, post: 1_000, delta: 1_000 });
    await recordChecks(backend, await runValidation(backend));
    const dashboard = await backend.query('SELECT check_name, status, runs FROM TELEMETRY.V_DATA_QUALITY_DASHBOARD ORDER BY check_order');
    expect(dashboard.rows).toHaveLength(12);
    expect(dashboard.rows.every((r) => r.status === 'pass' && r.runs === 1)).toBe(true);
  });

  it('has the seed segment mix, ~97% approvals, 18 months and the row band', async () => {
    const segments = await backend.query('SELECT customer_segment, count(*) AS n FROM BRONZE.BRONZE_CUSTOMERS GROUP BY 1 ORDER BY 1');
    expect(Object.fromEntries(segments.rows.map((r) => [r.customer_segment, r.n]))).toEqual({
      'Budget-Conscious': 250,
      Declining: 100,
      'High-Value Travelers': 150,
      'New & Growing': 100,
      'Stable Mid-Spenders': 400,
    });
    const { rows } = await backend.query(`SELECT count(*) AS n,
        avg(CASE WHEN status = 'approved' THEN 1 ELSE 0 END) AS approval,
        count(DISTINCT date_trunc('month', transaction_date)) AS months,
        min(transaction_date) AS first, max(transaction_date) AS last
      FROM BRONZE.BRONZE_TRANSACTIONS`);
    const r = rows[0]!;
    expect(Number(r.n)).toBeGreaterThanOrEqual(200_000);
    expect(Number(r.n)).toBeLessThanOrEqual(340_000);
    expect(Number(r.approval)).toBeGreaterThan(0.96);
    expect(Number(r.approval)).toBeLessThan(0.98);
    expect(r.months).toBe(18);
    expect(String(r.first) >= '2024-01-01').toBe(true);
    expect(String(r.last) < '2025-07-01').toBe(true);
  });

  it('numbers transactions densely, 1..N in customer, month order (what lets DuckDB store the ids in next to no space)', async () => {
    const { rows } = await backend.query(`
      SELECT count(*) AS n, min(transaction_id) AS first_id, max(transaction_id) AS last_id,
             count(*) FILTER (WHERE transaction_id <> position) AS out_of_order
      FROM (SELECT transaction_id,
                   row_number() OVER (ORDER BY customer_id, date_trunc('month', transaction_date), transaction_id) AS position
            FROM BRONZE.BRONZE_TRANSACTIONS)`);
    const r = rows[0]!;
    expect(Number(r.first_id)).toBe(1);
    expect(Number(r.last_id)).toBe(Number(r.n));
    expect(Number(r.out_of_order)).toBe(0);
  });

  it('writes transactions in id order (generation does not sort; the stored order is what compresses the ids)', async () => {
    const { rows } = await backend.query('SELECT count(*) FILTER (WHERE transaction_id <> rowid + 1) AS misplaced FROM BRONZE.BRONZE_TRANSACTIONS');
    expect(Number(rows[0]!.misplaced)).toBe(0);
  });

  it('makes segment behaviour real: sudden decliners stop, New & Growing ramp up, travellers fly', async () => {
    const { rows } = await backend.query(`
      SELECT c.customer_segment, c.decline_type,
             sum(CASE WHEN t.transaction_date >= DATE '2025-05-01' THEN 1 ELSE 0 END) / count(DISTINCT c.customer_id) AS recent_per_customer,
             sum(CASE WHEN t.transaction_date <  DATE '2024-07-01' THEN 1 ELSE 0 END) / count(DISTINCT c.customer_id) AS early_per_customer,
             avg(CASE WHEN t.merchant_category = 'Travel' THEN t.transaction_amount END) AS travel_ticket
      FROM BRONZE.BRONZE_CUSTOMERS c JOIN BRONZE.BRONZE_TRANSACTIONS t USING (customer_id)
      GROUP BY ALL`);
    const get = (segment: string, declineType: string | null = null) => rows.find((r) => r.customer_segment === segment && r.decline_type === declineType)!;
    expect(Number(get('Declining', 'sudden').recent_per_customer)).toBeLessThan(0.5 * Number(get('Stable Mid-Spenders').recent_per_customer));
    expect(Number(get('Declining', 'gradual').recent_per_customer)).toBeLessThan(0.5 * Number(get('Declining', 'gradual').early_per_customer));
    expect(Number(get('New & Growing').recent_per_customer)).toBeGreaterThan(Number(get('New & Growing').early_per_customer));
    expect(Number(get('High-Value Travelers').travel_ticket)).toBeGreaterThan(Number(get('Budget-Conscious').travel_ticket));
  });

  it('is byte-for-byte deterministic for the same seed, scale and as-of', async () => {
    // The suite's bronze warehouse was generated by another process with the same seed, scale and as-of.
    const copy = copyBronzeWarehouse('c360-determinism-');
    const other = await LocalDuckDbBackend.open({ ...localWarehouse(copy) });
    try {
      for (const table of ['BRONZE.BRONZE_CUSTOMERS', 'BRONZE.BRONZE_TRANSACTIONS', 'BRONZE.BRONZE_CREDIT_LIMIT_CHANGES']) {
        expect(await checksum(other, table)).toBe(await checksum(backend, table));
      }
      await generateBronze(other, { ...PARAMS, seed: 43 });
      expect(await checksum(other, 'BRONZE.BRONZE_TRANSACTIONS')).not.toBe(await checksum(backend, 'BRONZE.BRONZE_TRANSACTIONS'));
    } finally {
      await other.close();
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('leaves the previous bronze data whole when generation is interrupted', async () => {
    const before = await checksum(backend, 'BRONZE.BRONZE_TRANSACTIONS');
    const controller = new AbortController();
    const run = generateBronze(
      backend,
      { ...PARAMS, customers: 5_000, seed: 99 },
      {
        signal: controller.signal,
        onProgress: (e) => {
          if (e.stage === 'generate transactions' && e.fraction !== undefined && e.fraction < 1) controller.abort();
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    expect(await checksum(backend, 'BRONZE.BRONZE_TRANSACTIONS')).toBe(before);
    expect((await backend.query('SELECT count(*) AS n FROM BRONZE.BRONZE_CUSTOMERS')).rows[0]!.n).toBe(1_000);
  });
});
