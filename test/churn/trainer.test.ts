import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DesignMatrix, trainLogistic } from '../../local-ml/train.js';

interface Reference {
  x: number[][];
  y: number[];
  fits: Record<string, { l2: number; intercept: number; coefficients: number[]; sample_weight: number[] | null }>;
}

/** Data and scikit-learn coefficients from fixtures/make-logistic-reference.py, run once. */
const reference = JSON.parse(fs.readFileSync(new URL('./fixtures/logistic-reference.json', import.meta.url), 'utf8')) as Reference;

function withIntercept(x: number[][]): DesignMatrix {
  const columns = x[0]!.length + 1;
  return new DesignMatrix(x.length, columns, Float64Array.from(x.flatMap((row) => [1, ...row])));
}

describe('the Newton logistic-regression trainer', () => {
  for (const [name, fit] of Object.entries(reference.fits)) {
    it(`matches scikit-learn's coefficients (${name})`, () => {
      const model = trainLogistic(withIntercept(reference.x), reference.y, { l2: fit.l2, ...(fit.sample_weight ? { rowWeights: fit.sample_weight } : {}) });
      expect(model.converged).toBe(true);
      const expected = [fit.intercept, ...fit.coefficients];
      model.weights.forEach((w, k) => expect(Math.abs(w - expected[k]!)).toBeLessThan(1e-5));
    });
  }

  it('moves away from the reference when the labels are wrong (the comparison can fail)', () => {
    const flipped = reference.y.map((y) => 1 - y);
    const model = trainLogistic(withIntercept(reference.x), flipped, { l2: 1 });
    const expected = [reference.fits['C=1']!.intercept, ...reference.fits['C=1']!.coefficients];
    expect(Math.max(...model.weights.map((w, k) => Math.abs(w - expected[k]!)))).toBeGreaterThan(0.5);
  });

  it('refuses a collinear design without a ridge penalty, fits it with one', () => {
    const x = withIntercept(reference.x.map((row) => [row[0]!, row[0]!]));
    expect(() => trainLogistic(x, reference.y, { l2: 0 })).toThrow(/not positive definite/);
    const model = trainLogistic(x, reference.y, { l2: 1 });
    expect(model.weights[1]).toBeCloseTo(model.weights[2]!, 9);
  });
});
