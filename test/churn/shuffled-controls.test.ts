import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runShuffledControls, type ControlInputs } from '../../local-ml/shuffled-controls.js';
import { packageRoot } from '../../src/util/paths.js';

const root = packageRoot();

/** A small design: intercept, two features (one predictive), labels from the predictive one. */
function inputs(fits: number): ControlInputs {
  let state = 7;
  const rnd = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const matrix = (rows: number) => {
    const flat = new Float64Array(new SharedArrayBuffer(rows * 3 * 8));
    for (let i = 0; i < rows; i++) flat.set([1, rnd() * 2 - 1, rnd() * 2 - 1], i * 3);
    return { rows, columns: 3, flat };
  };
  const test = matrix(400);
  const testLabels = Array.from({ length: 400 }, (_, i) => (test.flat[i * 3 + 1]! + 0.5 * (rnd() - 0.5) > 0.6 ? 1 : 0));
  return { control: matrix(300), test, testLabels, positives: 40, positiveKeptFraction: 0.5, negativeKeptFraction: 0.1, l2: 1, seed: 11, fits };
}

describe('the shuffled-label controls', () => {
  it('give the same numbers on the built worker thread as here, fit by fit', async () => {
    const input = inputs(4);
    const here = runShuffledControls(input);
    // The compiled module (the suite's global setup builds dist/) starts the worker script beside it.
    const built = (await import(
      pathToFileURL(path.join(root, 'dist', 'local-ml', 'shuffled-controls.js')).href
    )) as typeof import('../../local-ml/shuffled-controls.js');
    const fitsSeen: number[] = [];
    const running = built.startShuffledControls(input, (j) => fitsSeen.push(j));
    // On the worker, nothing has been computed yet when it returns.
    expect(fitsSeen).toEqual([]);
    expect(await running.results).toEqual(here);
    expect(fitsSeen).toEqual([0, 1, 2, 3]);
    // Each fit its own permutation of the labels.
    expect(new Set(here.aucs).size).toBe(4);
  });

  it('stop on an aborted signal with an interruption, the worker ended', async () => {
    const built = (await import(
      pathToFileURL(path.join(root, 'dist', 'local-ml', 'shuffled-controls.js')).href
    )) as typeof import('../../local-ml/shuffled-controls.js');
    const abort = new AbortController();
    const running = built.startShuffledControls(inputs(500), () => undefined, abort.signal);
    abort.abort();
    await expect(running.results).rejects.toThrow(/interrupted/);
  });
});
