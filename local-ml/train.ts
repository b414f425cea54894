/**
 * Logistic regression by Newton's method (iteratively reweighted least squares) on a dense,
 * row-major design matrix whose first column is the intercept (all ones).
 *
 * Objective: sum over rows of the log-loss + (l2 / 2) * ||w without the intercept||^2, which is
 * scikit-learn's LogisticRegression(C = 1 / l2) objective; test/churn/trainer.test.ts checks the
 * coefficients against a scikit-learn fit kept as a fixture. Newton's method needs ~10 passes
 * where gradient descent needs hundreds, which is what lets one run afford the 25 shuffled-label
 * control fits; the ridge term keeps the Hessian invertible when one-hot columns and the
 * intercept are collinear, and at the model's row counts it barely shrinks the fit.
 */
import { InterruptedError } from '../src/core/errors.js';
import { logLossFromScores } from './metrics.js';

export class DesignMatrix {
  private gramCache: Float64Array | undefined;

  constructor(
    readonly rows: number,
    readonly columns: number,
    readonly flat: Float64Array = new Float64Array(rows * columns),
  ) {
    if (flat.length !== rows * columns) throw new Error(`design matrix size mismatch: ${flat.length} values for ${rows} x ${columns}`);
  }

  /** X w. */
  linearScores(weights: ArrayLike<number>): Float64Array {
    const f = this.columns;
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) {
      let s = 0;
      const base = i * f;
      for (let k = 0; k < f; k++) s += this.flat[base + k]! * weights[k]!;
      out[i] = s;
    }
    return out;
  }

  /** X^T X (lower triangle, row-major), computed once: fits that share the matrix share it. */
  gram(): Float64Array {
    if (this.gramCache) return this.gramCache;
    const f = this.columns;
    const g = new Float64Array(f * f);
    for (let i = 0; i < this.rows; i++) {
      const base = i * f;
      for (let a = 0; a < f; a++) {
        const xa = this.flat[base + a]!;
        const row = a * f;
        for (let b = 0; b <= a; b++) g[row + b]! += xa * this.flat[base + b]!;
      }
    }
    this.gramCache = g;
    return g;
  }

  /** The rows at `indexes`, in that order. */
  select(indexes: ArrayLike<number>): DesignMatrix {
    const f = this.columns;
    const out = new Float64Array(indexes.length * f);
    for (let r = 0; r < indexes.length; r++) out.set(this.flat.subarray(indexes[r]! * f, indexes[r]! * f + f), r * f);
    return new DesignMatrix(indexes.length, f, out);
  }

  /** Only the listed columns (by position), in that order. */
  selectColumns(columns: number[]): DesignMatrix {
    const f = this.columns;
    const out = new Float64Array(this.rows * columns.length);
    for (let i = 0; i < this.rows; i++) {
      for (let c = 0; c < columns.length; c++) out[i * columns.length + c] = this.flat[i * f + columns[c]!]!;
    }
    return new DesignMatrix(this.rows, columns.length, out);
  }
}

export interface TrainOptions {
  /** Ridge penalty on every weight but the intercept (scikit-learn's 1 / C). Default 1. */
  l2?: number;
  maxIterations?: number;
  /**
   * How many rows of the population each row stands for (down-sampling): the fit is then the
   * population's, weighted, rather than the sample's. Default: 1 each.
   */
  rowWeights?: ArrayLike<number>;
  /** Stop when no weight moves by more than this in a Newton step. */
  tolerance?: number;
  signal?: AbortSignal;
}

export interface TrainedModel {
  /** One weight per design column, intercept first: P(churn) = sigmoid(X w). */
  weights: number[];
  iterations: number;
  converged: boolean;
  l2: number;
  /** Mean training log-loss before each Newton step (iteration 0: the intercept-only fit) and after the last. */
  logLossCurve: { iteration: number; logLoss: number }[];
}

export const DEFAULT_L2 = 1;
const DEFAULT_MAX_ITERATIONS = 100;
const DEFAULT_TOLERANCE = 1e-9;
/** Newton steps larger than this (in any weight) rebuild the Hessian for the next step. */
const REFRESH_BELOW = 0.1;

function sigmoid(s: number): number {
  return s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
}

/** The lower-triangular Cholesky factor L of a symmetric positive definite A (f x f, row-major; only its lower triangle is read). */
export function choleskyFactor(a: Float64Array, f: number): Float64Array {
  const l = new Float64Array(f * f);
  for (let i = 0; i < f; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * f + j]!;
      for (let k = 0; k < j; k++) s -= l[i * f + k]! * l[j * f + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error('the Hessian is not positive definite (a constant or duplicated feature without a ridge penalty)');
        l[i * f + i] = Math.sqrt(s);
      } else {
        l[i * f + j] = s / l[j * f + j]!;
      }
    }
  }
  return l;
}

/** Solves L L^T x = b. */
export function solveWithFactor(l: Float64Array, b: Float64Array, f: number): Float64Array {
  const y = new Float64Array(f);
  for (let i = 0; i < f; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * f + k]! * y[k]!;
    y[i] = s / l[i * f + i]!;
  }
  const x = new Float64Array(f);
  for (let i = f - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < f; k++) s -= l[k * f + i]! * x[k]!;
    x[i] = s / l[i * f + i]!;
  }
  return x;
}

/** The value that occurs most often (the first of equals). */
function commonestValue(values: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  let best = values[0]!;
  for (let i = 0; i < values.length; i++) {
    const c = (counts.get(values[i]!) ?? 0) + 1;
    counts.set(values[i]!, c);
    if (c > counts.get(best)!) best = values[i]!;
  }
  return best;
}

/** Fits P(y = 1) = sigmoid(X w); labels are 0/1. Column 0 of X must be the intercept. */
export function trainLogistic(x: DesignMatrix, labels: ArrayLike<number>, options: TrainOptions = {}): TrainedModel {
  const n = x.rows;
  const f = x.columns;
  if (labels.length !== n) throw new Error(`labels (${labels.length}) and rows (${n}) differ`);
  const l2 = options.l2 ?? DEFAULT_L2;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  // Start from the intercept-only fit, log-odds of the label mean (the intercept is not
  // penalised, so that is its exact optimum). There every row has the same p, the Hessian is
  // p(1-p) X^T X + l2 and X^T X is shared by every fit on this matrix: the first Newton step
  // costs no pass over the rows for the Hessian.
  const rowWeight = options.rowWeights;
  let mean = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const v = rowWeight ? rowWeight[i]! : 1;
    mean += v * labels[i]!;
    totalWeight += v;
  }
  mean /= totalWeight;
  if (mean <= 0 || mean >= 1) throw new Error('logistic regression needs both labels');
  const w = new Float64Array(f);
  w[0] = Math.log(mean / (1 - mean));
  const curve: TrainedModel['logLossCurve'] = [];
  const gradient = new Float64Array(f);
  const hessian = new Float64Array(f * f);
  // The first Hessian, at the start where every row has the same p: p(1-p) sum_i v_i x_i x_i^T.
  // Built from the shared X^T X scaled by the commonest row weight m, plus (v_i - m) x_i x_i^T
  // for the rows weighted differently (none unweighted; the rarer class with class weights).
  const gram = x.gram();
  const common = rowWeight ? commonestValue(rowWeight) : 1;
  for (let a = 0; a < f; a++) for (let b = 0; b <= a; b++) hessian[a * f + b] = common * gram[a * f + b]!;
  if (rowWeight) {
    for (let i = 0; i < n; i++) {
      const extra = rowWeight[i]! - common;
      if (extra === 0) continue;
      const base = i * f;
      for (let a = 0; a < f; a++) {
        const wa = extra * x.flat[base + a]!;
        const row = a * f;
        for (let b = 0; b <= a; b++) hessian[row + b]! += wa * x.flat[base + b]!;
      }
    }
  }
  for (let a = 0; a < f; a++) for (let b = 0; b <= a; b++) hessian[a * f + b]! *= mean * (1 - mean);
  for (let a = 1; a < f; a++) hessian[a * f + a]! += l2;
  let factor = choleskyFactor(hessian, f);
  let iterations = 0;
  let converged = false;
  let largest = 0;
  /** The penalised, weighted loss the fit minimises. */
  const objective = (scores: Float64Array, weights: Float64Array) => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const z = labels[i] === 1 ? scores[i]! : -scores[i]!;
      const loss = z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
      total += (rowWeight ? rowWeight[i]! : 1) * loss;
    }
    let penalty = 0;
    for (let a = 1; a < f; a++) penalty += weights[a]! * weights[a]!;
    return total + (l2 / 2) * penalty;
  };
  while (iterations < maxIterations) {
    if (options.signal?.aborted) throw new InterruptedError('interrupted: churn training stopped, nothing was published');
    const scores = x.linearScores(w);
    curve.push({ iteration: iterations, logLoss: logLossFromScores(labels, scores) });
    // The Hessian is rebuilt while the weights still move by more than REFRESH_BELOW; closer to
    // the optimum it barely changes, so the last one is reused (the fixed point, gradient = 0,
    // is the same either way) and an iteration costs one pass over the rows instead of f / 2.
    const refresh = iterations > 0 && largest > REFRESH_BELOW;
    gradient.fill(0);
    if (refresh) hessian.fill(0);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(scores[i]!);
      const v = rowWeight ? rowWeight[i]! : 1;
      const residual = v * (p - labels[i]!);
      const base = i * f;
      for (let a = 0; a < f; a++) gradient[a]! += x.flat[base + a]! * residual;
      if (!refresh) continue;
      const weight = v * p * (1 - p);
      for (let a = 0; a < f; a++) {
        const wa = weight * x.flat[base + a]!;
        const row = a * f;
        for (let b = 0; b <= a; b++) hessian[row + b]! += wa * x.flat[base + b]!;
      }
    }
    for (let a = 1; a < f; a++) gradient[a]! += l2 * w[a]!;
    if (refresh) {
      for (let a = 1; a < f; a++) hessian[a * f + a]! += l2;
      factor = choleskyFactor(hessian, f);
    }
    const step = solveWithFactor(factor, gradient, f);
    // Damped while far from the optimum: halve the step until the penalised loss does not go up
    // (a full Newton step can overshoot there, more so with row weights). Once the last step was
    // small the full step is taken: that is where Newton's method converges on its own.
    const trial = new Float64Array(f);
    for (let a = 0; a < f; a++) trial[a] = w[a]! - step[a]!;
    if (iterations === 0 || largest > REFRESH_BELOW) {
      const before = objective(scores, w);
      let t = 1;
      for (let halvings = 0; objective(x.linearScores(trial), trial) > before + 1e-12 * Math.abs(before) && halvings < 30; halvings++) {
        t /= 2;
        for (let a = 0; a < f; a++) trial[a] = w[a]! - t * step[a]!;
      }
    }
    largest = 0;
    for (let a = 0; a < f; a++) {
      largest = Math.max(largest, Math.abs(w[a]! - trial[a]!));
      w[a] = trial[a]!;
    }
    iterations++;
    if (!Number.isFinite(largest)) throw new Error('Newton step diverged');
    if (largest < tolerance) {
      converged = true;
      break;
    }
  }
  curve.push({ iteration: iterations, logLoss: logLossFromScores(labels, x.linearScores(w)) });
  return { weights: Array.from(w), iterations, converged, l2, logLossCurve: curve };
}

/** P(y = 1) for every row: sigmoid(X w). */
export function predictProbabilities(x: DesignMatrix, weights: ArrayLike<number>): Float64Array {
  return x.linearScores(weights).map(sigmoid);
}
