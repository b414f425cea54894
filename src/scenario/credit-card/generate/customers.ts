import { Faker, base, en, en_US } from '@faker-js/faker';
import { SEGMENTS, type SegmentProfile } from '../segments.js';
import { STATES } from '../geography.js';

export interface CustomerRow {
  customer_id: string;
  first_name: string;
  last_name: string;
  email: string;
  age: number;
  state: string;
  city: string;
  employment_status: string;
  card_type: string;
  credit_limit: number;
  account_open_date: string;
  customer_segment: string;
  decline_type: string | null;
}

export interface CreditLimitChangeRow {
  change_id: number;
  customer_id: string;
  effective_date: string;
  previous_credit_limit: number;
  new_credit_limit: number;
  change_reason: string;
}

export interface CustomerGenerationParams {
  customers: number;
  seed: number;
  /** Last day of history, YYYY-MM-DD. */
  asOf: string;
  /** First day of history, YYYY-MM-DD. */
  windowStart: string;
}

const DAY_MS = 86_400_000;

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * Exact segment counts for n customers: the seed's shares, rounded by largest remainder so they
 * always add up to n (at 1,000 customers: 150/400/250/100/100).
 */
export function segmentCounts(n: number, segments: SegmentProfile[] = SEGMENTS): number[] {
  const raw = segments.map((s) => s.share * n);
  const counts = raw.map(Math.floor);
  const order = raw.map((r, i) => ({ i, rem: r - Math.floor(r) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  let missing = n - counts.reduce((a, b) => a + b, 0);
  for (const { i } of order) {
    if (missing <= 0) break;
    counts[i]! += 1;
    missing -= 1;
  }
  return counts;
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

/**
 * People-like fields from a seeded faker; the same params always give the same rows.
 * Segments are assigned by a seeded shuffle so that customer ids carry no segment pattern.
 */
export function generateCustomers(params: CustomerGenerationParams): { customers: CustomerRow[]; limitChanges: CreditLimitChangeRow[] } {
  const faker = new Faker({ locale: [en_US, en, base] });
  faker.seed(params.seed);
  const counts = segmentCounts(params.customers);
  const segmentOfIndex = faker.helpers.shuffle(counts.flatMap((count, s) => Array<number>(count).fill(s)));
  const stateWeights = STATES.map((s) => ({ weight: s.weight, value: s }));
  const windowDays = daysBetween(params.windowStart, params.asOf);

  const customers: CustomerRow[] = [];
  const limitChanges: CreditLimitChangeRow[] = [];
  for (let i = 0; i < params.customers; i += 1) {
    const segment = SEGMENTS[segmentOfIndex[i]!]!;
    const customerId = `CUST${String(i + 1).padStart(6, '0')}`;
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const state = faker.helpers.weightedArrayElement(stateWeights);
    const age = faker.number.int({ min: segment.ageRange[0], max: segment.ageRange[1] });
    const employment =
      age >= 65
        ? faker.helpers.weightedArrayElement([
            { weight: 75, value: 'Retired' },
            { weight: 15, value: 'Self-Employed' },
            { weight: 10, value: 'Employed' },
          ])
        : age <= 23
          ? faker.helpers.weightedArrayElement([
              { weight: 55, value: 'Student' },
              { weight: 35, value: 'Employed' },
              { weight: 10, value: 'Unemployed' },
            ])
          : faker.helpers.weightedArrayElement([
              { weight: 78, value: 'Employed' },
              { weight: 15, value: 'Self-Employed' },
              { weight: 7, value: 'Unemployed' },
            ]);
    const cardType = faker.helpers.weightedArrayElement(Object.entries(segment.cardTypes).map(([value, weight]) => ({ value, weight })));
    const currentLimit = roundTo(faker.number.int({ min: segment.creditLimitRange[0], max: segment.creditLimitRange[1] }), 500);
    // New & Growing customers opened their account inside the window (1-15 months before as-of);
    // everyone else has been a customer for 1.5 to 15 years.
    const openDate =
      segment.name === 'New & Growing'
        ? addDays(params.asOf, -faker.number.int({ min: 30, max: 450 }))
        : addDays(params.windowStart, -faker.number.int({ min: 180, max: 15 * 365 }));
    const declineType =
      segment.name === 'Declining'
        ? faker.helpers.weightedArrayElement([
            { weight: 60, value: 'gradual' },
            { weight: 40, value: 'sudden' },
          ])
        : null;

    // Credit-limit history: increases for growing customers, risk-review cuts for Declining ones.
    // Work backwards from today's limit so the last change always lands on it.
    if (faker.number.float() < segment.limitChangeChance) {
      const changeCount = faker.number.int({ min: 1, max: 2 });
      const earliest = Math.max(0, daysBetween(params.windowStart, openDate) + 30);
      const offsets = Array.from({ length: changeCount }, () => faker.number.int({ min: Math.min(earliest, windowDays - 10), max: windowDays - 5 })).sort(
        (a, b) => a - b,
      );
      let limit = currentLimit;
      const changes: CreditLimitChangeRow[] = [];
      for (let c = offsets.length - 1; c >= 0; c -= 1) {
        const cut = segment.name === 'Declining';
        const step = roundTo(limit * faker.number.float({ min: 0.1, max: 0.3 }), 500) || 500;
        const previous = cut ? limit + step : limit - step;
        // No limit below $500: an older increase that would need one simply did not happen.
        if (previous < 500) break;
        changes.unshift({
          change_id: 0,
          customer_id: customerId,
          effective_date: addDays(params.windowStart, offsets[c]!),
          previous_credit_limit: previous,
          new_credit_limit: limit,
          change_reason: cut
            ? 'risk review decrease'
            : faker.helpers.arrayElement(['annual review increase', 'customer requested increase', 'usage-based increase']),
        });
        limit = previous;
      }
      limitChanges.push(...changes);
    }

    customers.push({
      customer_id: customerId,
      first_name: firstName,
      last_name: lastName,
      email: faker.internet
        .email({ firstName, lastName, provider: faker.helpers.arrayElement(['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'aol.com']) })
        .toLowerCase(),
      age,
      state: state.code,
      city: faker.helpers.arrayElement(state.cities),
      employment_status: employment,
      card_type: cardType,
      credit_limit: currentLimit,
      account_open_date: openDate,
      customer_segment: segment.name,
      decline_type: declineType,
    });
  }
  limitChanges.forEach((change, index) => {
    change.change_id = index + 1;
  });
  return { customers, limitChanges };
}
