import { describe, expect, it } from 'vitest';
import { aucRank, aucTrapezoid, bestF1Threshold, logLoss, logLossFromScores, metricsAt, rocCurve, thinRoc } from '../../local-ml/metrics.js';

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
    const thin = thinRoc(Array.from({ length: 500 }, (_, i) => ({ threshold: 1 - i / 499, fpr: i / 499, tpr: i / 499 })), 11);
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
