/**
 * Training with ml-logistic-regression 2.0, and what one has to know about it:
 *  - it is full-batch gradient descent with the gradient SUMMED over rows, so the learning rate is
 *    given per row (rate / N) or it diverges on large N;
 *  - it has no intercept: the design matrix carries a column of ones;
 *  - for two classes it trains two one-vs-all classifiers; classifiers[i] gets target 0 for class i
 *    and 1 for every other class, so classifiers[0].testScores(X) is P(class 1) = P(churn), and
 *    classifiers[1] is its exact mirror image (weights negated).
 *
 * The library multiplies its features matrix by the weight vector and by the error vector (through
 * transpose()) at every step. We hand it a Matrix subclass whose mmul/transpose do exactly that
 * maths on a flat Float64Array (the generic ml-matrix loops cost ~1 us per row per step), and which
 * records the training log-loss from the scores the library computes anyway: the log-loss curve.
 * The gradient descent itself is the library's.
 */
import LogisticRegression from 'ml-logistic-regression';
import { Matrix, WrapperMatrix1D } from 'ml-matrix';
import { InterruptedError } from '../src/core/errors.js';
import { logLossFromScores } from './metrics.js';

type ScoresHook = (scores: Float64Array) => void;

/** X^T as the library sees it; mmul by an N x 1 column is done on the parent's flat storage. */
class TransposedDesign extends Matrix {
  constructor(private readonly parent: DesignMatrix) {
    super(parent.columns, parent.rows);
    for (let i = 0; i < parent.rows; i++) {
      for (let k = 0; k < parent.columns; k++) this.set(k, i, parent.flat[i * parent.columns + k]!);
    }
  }

  override mmul(other: Matrix): Matrix {
    const p = this.parent;
    if (other.columns !== 1 || other.rows !== p.rows) return super.mmul(other);
    const f = p.columns;
    const out = new Float64Array(f);
    for (let i = 0; i < p.rows; i++) {
      const v = other.get(i, 0);
      const base = i * f;
      for (let k = 0; k < f; k++) out[k]! += p.flat[base + k]! * v;
    }
    return Matrix.columnVector(out);
  }
}

export class DesignMatrix extends Matrix {
  readonly flat: Float64Array;
  hook: ScoresHook | undefined;
  private transposed: TransposedDesign | undefined;

  constructor(rows: number, columns: number, flat?: Float64Array) {
    super(rows, columns);
    this.flat = flat ?? new Float64Array(rows * columns);
    if (this.flat.length !== rows * columns) throw new Error('design matrix size mismatch');
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < columns; k++) this.set(i, k, this.flat[i * columns + k]!);
    }
  }

  /** X w for a weight column, on the flat storage. */
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

  override mmul(other: Matrix): Matrix {
    if (other.columns !== 1 || other.rows !== this.columns) return super.mmul(other);
    const w = new Float64Array(this.columns);
    for (let k = 0; k < this.columns; k++) w[k] = other.get(k, 0);
    const scores = this.linearScores(w);
    this.hook?.(scores);
    // A flat-backed column: the library only reads it (to1DArray), and N one-element rows per step
    // would be mostly garbage-collector work.
    return new WrapperMatrix1D(scores, { rows: this.rows }) as unknown as Matrix;
  }

  override transpose(): Matrix {
    this.transposed ??= new TransposedDesign(this);
    return this.transposed;
  }
}

export interface TrainOptions {
  steps: number;
  /** Learning rate per row-averaged gradient; the library gets rate / N. Default: from the curvature bound. */
  rate?: number;
  /** Record the training log-loss every `curveEvery` steps (and at the last step). */
  curveEvery?: number;
  signal?: AbortSignal;
  onStep?: (step: number) => void;
}

export interface TrainedModel {
  /** One weight per design column (intercept first), for P(churn). */
  weights: number[];
  steps: number;
  /** The rate per averaged gradient, and what the library was given (rate / N). */
  rate: number;
  libraryLearningRate: number;
  logLossCurve: { step: number; logLoss: number }[];
}

/**
 * Largest eigenvalue of X^T X / N by power iteration (deterministic start). The mean log-loss has
 * curvature at most lambda/4, so gradient descent is stable below a rate of 8 / lambda.
 */
export function maxGramEigenvalue(x: DesignMatrix): number {
  const f = x.columns;
  const n = x.rows;
  const gram = new Float64Array(f * f);
  for (let i = 0; i < n; i++) {
    const base = i * f;
    for (let a = 0; a < f; a++) {
      const xa = x.flat[base + a]!;
      if (xa === 0) continue;
      for (let b = a; b < f; b++) gram[a * f + b]! += xa * x.flat[base + b]!;
    }
  }
  for (let a = 0; a < f; a++) {
    for (let b = a; b < f; b++) {
      const value = gram[a * f + b]! / n;
      gram[a * f + b] = value;
      gram[b * f + a] = value;
    }
  }
  let v = new Float64Array(f).fill(1 / Math.sqrt(f));
  let lambda = 0;
  for (let it = 0; it < 100; it++) {
    const next = new Float64Array(f);
    for (let a = 0; a < f; a++) {
      let s = 0;
      for (let b = 0; b < f; b++) s += gram[a * f + b]! * v[b]!;
      next[a] = s;
    }
    const norm = Math.hypot(...next);
    if (norm === 0) return 1;
    lambda = norm;
    v = next.map((value) => value / norm);
  }
  return lambda;
}

/** Trains P(churn) = sigmoid(X w) with the library; labels must be 0/1 with both present. */
export function trainLogistic(x: DesignMatrix, labels: number[], options: TrainOptions): TrainedModel {
  const n = x.rows;
  const rate = options.rate ?? 4 / maxGramEigenvalue(x);
  const curveEvery = options.curveEvery ?? 10;
  const curve: { step: number; logLoss: number }[] = [];
  let step = 0;
  // The library calls X.mmul(w) once per step, first for classifier 0 (target = churned), then for
  // classifier 1; the loss curve is classifier 0's, before each update (step 0 = all-zero weights).
  x.hook = (scores) => {
    if (options.signal?.aborted) throw new InterruptedError('interrupted: churn training stopped, nothing was published');
    if (step < options.steps) {
      if (step % curveEvery === 0) curve.push({ step, logLoss: logLossFromScores(labels, scores) });
      options.onStep?.(step);
    }
    step++;
  };
  const model = new LogisticRegression({ numSteps: options.steps, learningRate: rate / n });
  try {
    model.train(x, Matrix.columnVector(labels));
  } finally {
    x.hook = undefined;
  }
  if (model.numberClasses !== 2) throw new Error(`expected two classes, the library saw ${model.numberClasses}`);
  const weights = model.classifiers[0]!.weights!.to1DArray();
  curve.push({ step: options.steps, logLoss: logLossFromScores(labels, x.linearScores(weights)) });
  return { weights, steps: options.steps, rate, libraryLearningRate: rate / n, logLossCurve: curve };
}

/** P(churn) for every row: sigmoid(X w), the same sum the library's testScores computes for the churn classifier. */
export function predictProbabilities(x: DesignMatrix, weights: number[]): Float64Array {
  const scores = x.linearScores(weights);
  return scores.map((s) => 1 / (1 + Math.exp(-s)));
}
