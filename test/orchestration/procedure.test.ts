import { describe, expect, it } from 'vitest';
import { readRepoFile } from '../../src/util/paths.js';
import { SEGMENTS } from '../../src/scenario/credit-card/segments.js';
import { STATES } from '../../src/scenario/credit-card/geography.js';

/** The JSON between `# BEGIN NAME` and `# END NAME` in the stored procedure's Python body. */
function embedded(name: string): unknown {
  const source = readRepoFile('sql', 'credit-card', 'procedures', 'generate_customers.sql');
  const block = new RegExp(`# BEGIN ${name}[^\\n]*\\n[A-Z]+ = json\\.loads\\("""([\\s\\S]*?)"""\\)\\n# END ${name}`).exec(source);
  expect(block, name).not.toBeNull();
  return JSON.parse(block![1]!);
}

describe('the customer stored procedure (sql/procedures/generate_customers.sql)', () => {
  it('uses the same segment mix and profiles as the local generator', () => {
    expect(embedded('SEGMENTS')).toEqual(
      SEGMENTS.map((s) => ({
        name: s.name,
        share: s.share,
        ageRange: s.ageRange,
        cardTypes: s.cardTypes,
        creditLimitRange: s.creditLimitRange,
        limitChangeChance: s.limitChangeChance,
      })),
    );
  });

  it('uses the same states, weights and cities', () => {
    expect(embedded('STATES')).toEqual(STATES);
  });

  it('is called as the root task calls it', () => {
    const source = readRepoFile('sql', 'credit-card', 'procedures', 'generate_customers.sql');
    expect(source).toMatch(/CREATE OR REPLACE PROCEDURE BRONZE\.GENERATE_CUSTOMERS\(\s*CUSTOMER_COUNT INTEGER,\s*SEED INTEGER,/);
    expect(source).toMatch(/LANGUAGE PYTHON/);
  });
});

describe('the transaction generator (sql/data_generation/generate_transactions.sql)', () => {
  const source = readRepoFile('sql', 'credit-card', 'data_generation', 'generate_transactions.sql');
  const values = (table: string): string[][] => {
    const block = new RegExp(`CREATE OR REPLACE TEMPORARY TABLE ${table} \\([^)]*\\) AS\\nSELECT \\* FROM VALUES\\n([\\s\\S]*?);`).exec(source);
    expect(block, table).not.toBeNull();
    return block![1]!.split('\n').map((line) => [...line.matchAll(/'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)/g)].map((m) => (m[1] ?? m[2])!.replace(/''/g, "'")));
  };

  it('uses the segment profiles of the local generator', () => {
    expect(values('_segment_profile')).toEqual(
      SEGMENTS.map((s) => [s.name, String(s.monthlyTransactions), String(s.medianAmount), String(s.amountSpread), String(s.declineRate)]),
    );
  });

  it('uses the same category and channel weights and the same merchants', async () => {
    const { MERCHANT_CATEGORIES, CHANNELS, MERCHANTS } = await import('../../src/scenario/credit-card/segments.js');
    for (const s of SEGMENTS) {
      const total = MERCHANT_CATEGORIES.reduce((a, c) => a + s.categoryWeights[c], 0);
      const rows = values('_segment_category').filter((r) => r[0] === s.name);
      expect(rows.map((r) => [r[1], Number((Number(r[3]) - Number(r[2])).toFixed(4))])).toEqual(
        MERCHANT_CATEGORIES.map((c) => [c, Number((s.categoryWeights[c] / total).toFixed(4))]),
      );
      const channelTotal = CHANNELS.reduce((a, c) => a + s.channelWeights[c], 0);
      expect(
        values('_segment_channel')
          .filter((r) => r[0] === s.name)
          .map((r) => [r[1], Number((Number(r[3]) - Number(r[2])).toFixed(4))]),
      ).toEqual(CHANNELS.map((c) => [c, Number((s.channelWeights[c] / channelTotal).toFixed(4))]));
    }
    expect(values('_merchant')).toEqual(MERCHANT_CATEGORIES.flatMap((c) => MERCHANTS[c].map((m, i) => [c, String(i + 1), m])));
  });

  it('draws with GENERATOR, UNIFORM, NORMAL and ZIPF seeded by hashes, and keeps the local ids', () => {
    for (const fn of ['TABLE(GENERATOR(', 'UNIFORM(', 'NORMAL(', 'ZIPF(', 'HASH(g.seed']) expect(source).toContain(fn);
    expect(source).toContain('d.first_transaction_id + d.k AS transaction_id');
    expect(source).toContain('SUM(transaction_count) OVER (ORDER BY customer_num, month_index ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)');
    // Locally the customer-months (with each one's first id) are prepared first, then expanded.
    const local = readRepoFile('src', 'scenario', 'credit-card', 'generate', 'transactions.sql');
    const customerMonths = readRepoFile('src', 'scenario', 'credit-card', 'generate', 'customer_months.sql');
    expect(local).toContain('first_transaction_id + k AS transaction_id');
    expect(customerMonths).toContain('sum(transaction_count) OVER (ORDER BY customer_num, month_index ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)');
  });
});
