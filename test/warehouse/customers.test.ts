import { describe, expect, it } from 'vitest';
import { generateCustomers, segmentCounts, addDays } from '../../src/scenario/credit-card/generate/customers.js';
import { windowStartFor } from '../../src/scenario/credit-card/generate/index.js';
import { SEGMENTS } from '../../src/scenario/credit-card/segments.js';
import { STATES } from '../../src/scenario/credit-card/geography.js';

const params = { customers: 1_000, seed: 42, asOf: '2025-06-30', windowStart: '2024-01-01' };

describe('segment counts', () => {
  it('follows the seed mix exactly and always adds up', () => {
    expect(segmentCounts(1_000)).toEqual([150, 400, 250, 100, 100]);
    expect(segmentCounts(50_000)).toEqual([7_500, 20_000, 12_500, 5_000, 5_000]);
    for (const n of [1, 7, 999, 1_001, 12_345]) expect(segmentCounts(n).reduce((a, b) => a + b, 0)).toBe(n);
  });
});

describe('history window', () => {
  it('covers 18 calendar months ending at as-of', () => {
    expect(windowStartFor('2025-06-30')).toBe('2024-01-01');
    expect(windowStartFor('2024-02-29')).toBe('2022-09-01');
  });
});

describe('generateCustomers', () => {
  const { customers, limitChanges } = generateCustomers(params);

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateCustomers(params).customers).toEqual(customers);
    expect(generateCustomers({ ...params, seed: 7 }).customers[0]).not.toEqual(customers[0]);
  });

  it('assigns segments in the seed mix with decline_type only for Declining', () => {
    for (const [i, segment] of SEGMENTS.entries()) {
      expect(customers.filter((c) => c.customer_segment === segment.name)).toHaveLength(segmentCounts(1_000)[i]!);
    }
    const declining = customers.filter((c) => c.customer_segment === 'Declining');
    expect(new Set(declining.map((c) => c.decline_type))).toEqual(new Set(['gradual', 'sudden']));
    expect(customers.filter((c) => c.customer_segment !== 'Declining' && c.decline_type !== null)).toEqual([]);
  });

  it('puts every city in its state and gives unique ids', () => {
    const cities = new Map(STATES.map((s) => [s.code, s.cities]));
    for (const c of customers) expect(cities.get(c.state)).toContain(c.city);
    expect(new Set(customers.map((c) => c.customer_id)).size).toBe(customers.length);
  });

  it('opens New & Growing accounts inside the window and everyone else before it', () => {
    const growing = customers.filter((c) => c.customer_segment === 'New & Growing');
    expect(growing.length).toBeGreaterThan(0);
    expect(growing.filter((c) => c.account_open_date < params.windowStart || c.account_open_date > params.asOf)).toEqual([]);
    expect(customers.filter((c) => c.customer_segment !== 'New & Growing' && c.account_open_date >= params.windowStart)).toEqual([]);
  });

  it('records credit-limit history that ends at the current limit', () => {
    expect(limitChanges.length).toBeGreaterThan(100);
    const byCustomer = new Map(customers.map((c) => [c.customer_id, c]));
    const last = new Map<string, number>();
    for (const change of [...limitChanges].sort((a, b) => a.effective_date.localeCompare(b.effective_date))) {
      expect(change.effective_date >= params.windowStart && change.effective_date <= params.asOf).toBe(true);
      expect(change.new_credit_limit).not.toBe(change.previous_credit_limit);
      last.set(change.customer_id, change.new_credit_limit);
    }
    for (const [id, limit] of last) expect(byCustomer.get(id)!.credit_limit).toBe(limit);
  });

  it('adds days across month ends', () => {
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });
});
