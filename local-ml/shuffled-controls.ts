/**
 * The shuffled-label controls of the churn gate: logistic regressions on a uniform sample of the
 * training dates whose churned labels are placed at random (one seeded permutation per fit), each
 * judged on every held-out row. They need nothing from the reported model, so in the built app they
 * run on a worker thread while that model is trained and bootstrapped on the main one (DuckDB has
 * nothing to do then, and the machine has a second core). The numbers are the same either way:
 * the same functions run on the same values.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InterruptedError } from '../src/core/errors.js';
import { aucAndAveragePrecision, brierFromScores, seededShuffle } from './metrics.js';
import { DesignMatrix, trainLogistic } from './train.js';

export interface ControlInputs {
  /** The control rows' design matrix (row-major). */
  control: { rows: number; columns: number; flat: Float64Array };
  /** Every held-out row's design matrix; on a SharedArrayBuffer, a worker reads it without a copy. */
  test: { rows: number; columns: number; flat: Float64Array };
  testLabels: ArrayLike<number>;
  /** Churned labels placed among the control rows (as many as the training rows hold). */
  positives: number;
  /** The kept shares of each class in training, which the row weights undo. */
  positiveKeptFraction: number;
  negativeKeptFraction: number;
  l2: number;
  /** Fit j permutes the labels with seed + 1 + j. */
  seed: number;
  fits: number;
}

/** Held-out AUC, PR AUC and Brier score of each fit, in fit order, rounded as the report shows them. */
export interface ControlResults {
  aucs: number[];
  prAucs: number[];
  briers: number[];
}

function round(x: number): number {
  return Number(x.toFixed(6));
}

/**
 * Each row weighted by the population rows it stands for (1 / kept share of its class), scaled to
 * average 1 over the rows fitted so the ridge penalty means what it means unweighted.
 */
export function classWeights(labels: number[], positiveKeptFraction: number, negativeKeptFraction: number): Float64Array {
  const raw = Float64Array.from(labels, (y) => (y === 1 ? 1 / positiveKeptFraction : 1 / negativeKeptFraction));
  const scale = raw.length / raw.reduce((sum, v) => sum + v, 0);
  return raw.map((v) => v * scale);
}

/** The fits, one after the other, here. `onFit(j)` before fit j. */
export function runShuffledControls(input: ControlInputs, onFit?: (j: number) => void, signal?: AbortSignal): ControlResults {
  const control = new DesignMatrix(input.control.rows, input.control.columns, input.control.flat);
  const test = new DesignMatrix(input.test.rows, input.test.columns, input.test.flat);
  const pool = Array.from({ length: control.rows }, (_, i) => (i < input.positives ? 1 : 0));
  const out: ControlResults = { aucs: [], prAucs: [], briers: [] };
  for (let j = 0; j < input.fits; j++) {
    onFit?.(j);
    const labels = seededShuffle(pool, input.seed + 1 + j);
    const fit = trainLogistic(control, labels, {
      l2: input.l2,
      rowWeights: classWeights(labels, input.positiveKeptFraction, input.negativeKeptFraction),
      ...(signal ? { signal } : {}),
    });
    // Ranks do not change under the sigmoid: AUC and PR AUC straight from the linear scores.
    const linear = test.linearScores(fit.weights);
    const ranked = aucAndAveragePrecision(input.testLabels, linear);
    out.aucs.push(round(ranked.auc));
    out.prAucs.push(round(ranked.averagePrecision));
    out.briers.push(round(brierFromScores(input.testLabels, linear)));
  }
  return out;
}

export interface RunningControls {
  results: Promise<ControlResults>;
  /** Stops the fits (a worker is terminated); `results` then never resolves. */
  stop(): void;
}

/**
 * The worker's heap: what it keeps is a copy of the control rows (~4 MB at full scale) and one
 * fit's scores; a small young generation makes it collect each fit's garbage as it goes instead of
 * growing by a few hundred MB, which the pipeline's 1 GiB budget does not have.
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 };

/** The compiled worker script beside this module; absent when running from the TypeScript sources (the tests). */
const WORKER_SCRIPT = new URL('./shuffled-controls-worker.js', import.meta.url);

/**
 * Starts the fits on a worker thread and returns at once; without the compiled worker script they
 * run here, before this returns. Progress comes as `onFit(j)`; an aborted `signal` stops them with
 * an InterruptedError.
 */
export function startShuffledControls(input: ControlInputs, onFit: (j: number) => void, signal?: AbortSignal): RunningControls {
  if (input.fits === 0 || !fs.existsSync(fileURLToPath(WORKER_SCRIPT))) {
    const results = Promise.resolve(runShuffledControls(input, onFit, signal));
    return { results, stop: () => undefined };
  }
  const worker = new Worker(WORKER_SCRIPT, { workerData: input, resourceLimits: WORKER_HEAP });
  let settled = false;
  const results = new Promise<ControlResults>((resolve, reject) => {
    const finish = (err: Error | null, value?: ControlResults) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(value!);
    };
    const onAbort = () => {
      void worker.terminate();
      finish(new InterruptedError('interrupted: churn training stopped, nothing was published'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: { fit?: number; results?: ControlResults }) => {
      if (message.results) finish(null, message.results);
      else if (message.fit !== undefined) onFit(message.fit);
    });
    worker.once('error', (err) => finish(err));
    worker.once('exit', (code) => finish(new Error(`the shuffled-label control fits stopped early (worker exit code ${code})`)));
  });
  // Awaited later; a failure before then is not an unhandled rejection.
  results.catch(() => undefined);
  return {
    results,
    stop: () => {
      settled = true;
      void worker.terminate();
    },
  };
}
