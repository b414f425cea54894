import { describe, expect, it } from 'vitest';
import {
  aucAndAveragePrecision,
  aucRank,
  aucTrapezoid,
  averagePrecision,
  bestF1Threshold,
  bootstrapAucIntervals,
  brierScore,
  calibrationTable,
  logLoss,
  logLossFromScores,
  metricsAt,
  quantileSorted,
  rocCurve,
  seededRandom,
  seededShuffle,
  thinRoc,
  topShares,
} from '../../local-ml/metrics.js';

/** Deterministic pseudo-random numbers for the property checks. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('ROC AUC', () => {
  it('agrees between the trapezoid over the ROC curve and the Mann-Whitney rank form, ties included', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const rnd = lcg(seed);
      const n = 50 + Math.floor(rnd() * 400);
      const labels: number[] = [];
      const scores: number[] = [];
      for (let i = 0; i < n; i++) {
        const y = rnd() < 0.2 ? 1 : 0;
        labels.push(y);
        // Rounded to 2 decimals: plenty of tied scores across the classes.
        scores.push(Math.round((rnd() + 0.4 * y) * 100) / 100);
      }
      if (!labels.includes(1) || !labels.includes(0)) continue;
      const a = aucTrapezoid(labels, scores);
      const b = aucRank(labels, scores);
      expect(Math.abs(a - b)).toBeLessThan(1e-12);
      expect(a).toBeGreaterThan(0.5);
    }
  });

  it('matches hand-computed values', () => {
    expect(aucRank([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(aucTrapezoid([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(aucRank([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4])).toBe(0);
    expect(aucTrapezoid([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    // One positive at 0.35 beats 1 of 2 negatives (0.1), loses to 0.4; the other (0.8) beats both: 3/4.
    expect(aucRank([0, 1, 0, 1], [0.1, 0.35, 0.4, 0.8])).toBe(0.75);
    expect(aucTrapezoid([0, 1, 0, 1], [0.1, 0.35, 0.4, 0.8])).toBe(0.75);
  });

  it('has a ROC curve from (0,0) to (1,1) that never goes down', () => {
    const points = rocCurve([0, 1, 0, 1, 1, 0], [0.2, 0.9, 0.4, 0.4, 0.7, 0.1]);
    expect(points[0]).toMatchObject({ fpr: 0, tpr: 0 });
    expect(points.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    for (let k = 1; k < points.length; k++) {
      expect(points[k]!.fpr).toBeGreaterThanOrEqual(points[k - 1]!.fpr);
      expect(points[k]!.tpr).toBeGreaterThanOrEqual(points[k - 1]!.tpr);
    }
    const thin = thinRoc(
      Array.from({ length: 500 }, (_, i) => ({ threshold: 1 - i / 499, fpr: i / 499, tpr: i / 499 })),
      11,
    );
    expect(thin).toHaveLength(11);
    expect(thin.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
  });

  it('refuses a single class', () => {
    expect(() => aucRank([0, 0], [0.1, 0.2])).toThrow(/both classes/);
    expect(() => aucTrapezoid([1, 1], [0.1, 0.2])).toThrow(/both classes/);
  });
});

describe('threshold metrics', () => {
  it('computes the confusion matrix, precision, recall and F1', () => {
    const m = metricsAt([1, 1, 1, 0, 0, 0, 0], [0.9, 0.6, 0.2, 0.7, 0.1, 0.3, 0.05], 0.5);
    expect(m.confusion).toEqual({ tp: 2, fn: 1, fp: 1, tn: 3 });
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
    // Each negative standing for 10 rows: 10 false positives against 2 true ones.
    expect(metricsAt([1, 1, 1, 0, 0, 0, 0], [0.9, 0.6, 0.2, 0.7, 0.1, 0.3, 0.05], 0.5, 10).precision).toBeCloseTo(2 / 12, 12);
  });

  it('picks the F1-best threshold from the grid', () => {
    expect(bestF1Threshold([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBeGreaterThan(0.2);
    expect(bestF1Threshold([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBeLessThanOrEqual(0.8);
  });

  it('computes log-loss the same from probabilities and from linear scores', () => {
    const labels = [1, 0, 1, 0];
    const s = [2, -1, -0.5, 3];
    const p = s.map((x) => 1 / (1 + Math.exp(-x)));
    expect(logLossFromScores(labels, s)).toBeCloseTo(logLoss(labels, p), 12);
    expect(logLoss([1, 0], [0.5, 0.5])).toBeCloseTo(Math.LN2, 12);
  });
});

/** Random labelled scores with ties, grouped into customers of 1-4 rows. */
function dataset(seed: number, n = 600): { labels: number[]; scores: number[]; groups: Int32Array } {
  const rnd = lcg(seed);
  const labels: number[] = [];
  const scores: number[] = [];
  const groups: number[] = [];
  let customer = 0;
  while (labels.length < n) {
    const rows = 1 + Math.floor(rnd() * 4);
    const risk = rnd();
    for (let r = 0; r < rows; r++) {
      const y = rnd() < 0.05 + 0.3 * risk ? 1 : 0;
      labels.push(y);
      scores.push(Math.round((rnd() + 0.5 * risk + 0.3 * y) * 40) / 40);
      groups.push(customer);
    }
    customer++;
  }
  return { labels, scores, groups: Int32Array.from(groups) };
}

describe('ranking metrics for every held-out row', () => {
  it('the fast AUC and average precision equal the reference forms, ties included', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { labels, scores } = dataset(seed);
      const fast = aucAndAveragePrecision(labels, scores);
      expect(Math.abs(fast.auc - aucRank(labels, scores))).toBeLessThan(1e-12);
      expect(Math.abs(fast.averagePrecision - averagePrecision(labels, scores))).toBeLessThan(1e-12);
    }
  });

  it('average precision matches a hand computation', () => {
    // Ranked: 0.9 (churn), 0.8 (stay), 0.7 (churn): precision 1 at recall 1/2, 2/3 at recall 1.
    expect(averagePrecision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toBeCloseTo(0.5 * 1 + 0.5 * (2 / 3), 12);
    expect(aucAndAveragePrecision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]).averagePrecision).toBeCloseTo(5 / 6, 12);
  });

  it('precision@k, lift and captured churners for the top shares', () => {
    const labels = [1, 0, 1, 0, 0, 0, 0, 0, 0, 1];
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05];
    const [top10, top30] = topShares(labels, scores, [0.1, 0.3]);
    expect(top10).toMatchObject({ rows: 1, churners: 1, precision: 1, captured: 1 / 3 });
    expect(top10!.lift).toBeCloseTo(1 / 0.3, 12);
    expect(top30).toMatchObject({ rows: 3, churners: 2 });
    expect(top30!.captured).toBeCloseTo(2 / 3, 12);
  });

  it('Brier score and the calibration table', () => {
    expect(brierScore([1, 0], [0.8, 0.1])).toBeCloseTo((0.04 + 0.01) / 2, 12);
    const { labels, scores } = dataset(3, 1000);
    const table = calibrationTable(labels, scores, 10);
    expect(table).toHaveLength(10);
    expect(table.reduce((s, b) => s + b.rows, 0)).toBe(1000);
    for (let b = 1; b < table.length; b++) expect(table[b]!.minScore).toBeGreaterThanOrEqual(table[b - 1]!.maxScore);
    const observed = table.reduce((s, b) => s + b.observedRate * b.rows, 0);
    expect(observed).toBe(labels.reduce((s, y) => s + y, 0));
  });

  it('quantiles interpolate between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8, 12);
    expect(quantileSorted([0.2], 0.95)).toBe(0.2);
  });

  it('seeded shuffles and the bootstrap are deterministic and depend on the seed', () => {
    const values = Array.from({ length: 50 }, (_, i) => i);
    expect(seededShuffle(values, 5)).toEqual(seededShuffle(values, 5));
    expect(seededShuffle(values, 5)).not.toEqual(seededShuffle(values, 6));
    expect([...seededShuffle(values, 5)].sort((a, b) => a - b)).toEqual(values);
    const { labels, scores, groups } = dataset(9, 2000);
    const noisy = scores.map((s, i) => s + ((i * 7919) % 13) / 40);
    const a = bootstrapAucIntervals(labels, [scores, noisy], groups, { replicates: 300, seed: 1 });
    const b = bootstrapAucIntervals(labels, [scores, noisy], groups, { replicates: 300, seed: 1 });
    const c = bootstrapAucIntervals(labels, [scores, noisy], groups, { replicates: 300, seed: 2 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    const auc = aucRank(labels, scores);
    expect(a.intervals[0]!.low).toBeLessThan(auc);
    expect(a.intervals[0]!.high).toBeGreaterThan(auc);
    expect(a.intervals[0]!.high - a.intervals[0]!.low).toBeLessThan(0.2);
    // The paired difference sits around the difference of the two AUCs.
    const gain = auc - aucRank(labels, noisy);
    expect(a.difference!.low).toBeLessThan(gain);
    expect(a.difference!.high).toBeGreaterThan(gain);
  });

  it('each bootstrap replicate is the Mann-Whitney AUC with every row counted as often as its customer was drawn, ties included', () => {
    const { labels, scores, groups } = dataset(12, 500);
    const customers = groups[groups.length - 1]! + 1;
    const replicates = 40;
    // The same draws as the bootstrap (one customer per draw, customers times per replicate), then
    // every positive-negative pair weighted by the two customers' counts: 1 above, 1/2 tied.
    const next = seededRandom(5);
    const aucs: number[] = [];
    for (let r = 0; r < replicates; r++) {
      const counts = new Array<number>(customers).fill(0);
      for (let g = 0; g < customers; g++) counts[Math.floor(next() * customers)]! += 1;
      let pairs = 0;
      let wins = 0;
      for (let i = 0; i < labels.length; i++) {
        if (labels[i] !== 1) continue;
        for (let j = 0; j < labels.length; j++) {
          if (labels[j] !== 0) continue;
          const w = counts[groups[i]!]! * counts[groups[j]!]!;
          pairs += w;
          wins += w * (scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0);
        }
      }
      aucs.push(wins / pairs);
    }
    const sorted = aucs.sort((a, b) => a - b);
    const bootstrap = bootstrapAucIntervals(labels, [scores], groups, { replicates, seed: 5 });
    expect(bootstrap.replicates).toBe(replicates);
    expect(bootstrap.intervals[0]!.low).toBeCloseTo(quantileSorted(sorted, 0.025), 12);
    expect(bootstrap.intervals[0]!.high).toBeCloseTo(quantileSorted(sorted, 0.975), 12);
  });

  it("the bootstrap resamples customers, not rows: duplicating every customer's rows narrows nothing", () => {
    const { labels, scores, groups } = dataset(4, 800);
    const once = bootstrapAucIntervals(labels, [scores], groups, { replicates: 400, seed: 3 }).intervals[0]!;
    // Each row twice, in the same customer: the same customers, so about the same interval.
    const twice = bootstrapAucIntervals([...labels, ...labels], [[...scores, ...scores]], Int32Array.from([...groups, ...groups]), { replicates: 400, seed: 3 })
      .intervals[0]!;
    expect(Math.abs(twice.high - twice.low - (once.high - once.low))).toBeLessThan(0.02);
    // Each row twice as separate customers would (wrongly) shrink it by about 1/sqrt(2).
    const rowsAsCustomers = Int32Array.from({ length: 1600 }, (_, i) => i);
    const wrong = bootstrapAucIntervals([...labels, ...labels], [[...scores, ...scores]], rowsAsCustomers, { replicates: 400, seed: 3 }).intervals[0]!;
    expect(wrong.high - wrong.low).toBeLessThan(0.85 * (once.high - once.low));
  });
});
