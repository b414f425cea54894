/**
 * The churn trainer against ml-logistic-regression through its public API (a plain ml-matrix
 * Matrix, no subclass): the same training rows, time and final training log-loss of each. The
 * numbers behind the choice of trainer in docs/churn.md.
 */
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import type { Backend } from '../src/backends/backend.js';
import { designMatrix, fitDesign, toFeatureRow } from '../local-ml/features.js';
import { logLossFromScores } from '../local-ml/metrics.js';
import { DesignMatrix, trainLogistic } from '../local-ml/train.js';
import { featureColumns, loadChurnModel } from '../local-ml/model.js';
import { renderSqlFile } from '../src/util/sql-template.js';

/** The pack's rows to compare the trainers on (only packs that have this file are compared). */
const TRAINER_COMPARISON_SQL = 'trainer_comparison_rows.sql';

export interface TrainerComparison {
  rows: number;
  columns: number;
  newton: { seconds: number; iterations: number; logLoss: number };
  library: { steps: number; seconds: number; logLoss: number; learningRate: string };
}

/** Training-dates rows like the model's (the pack's trainer_comparison_rows.sql), at most `maxRows`. */
export async function compareChurnTrainers(backend: Backend, options: { steps?: number; maxRows?: number } = {}): Promise<TrainerComparison> {
  const steps = options.steps ?? 150;
  const maxRows = options.maxRows ?? 12_000;
  const spec = loadChurnModel(backend.pack);
  const sql = renderSqlFile(['local-ml', spec.pack, 'sql', TRAINER_COMPARISON_SQL], { columns: featureColumns(spec).join(', '), max_rows: maxRows });
  const rows = (await backend.query(sql)).rows.map((r) => toFeatureRow(r, spec));
  const design = fitDesign(rows, spec);
  const flat = designMatrix(rows, design, spec);
  const labels = rows.map((r) => r.label ?? 0);
  const x = new DesignMatrix(rows.length, design.length, flat);

  let started = performance.now();
  const newton = trainLogistic(x, labels);
  const newtonSeconds = (performance.now() - started) / 1000;

  const plain = new Matrix(rows.length, design.length);
  for (let i = 0; i < rows.length; i++) for (let k = 0; k < design.length; k++) plain.set(i, k, flat[i * design.length + k]!);
  // The library sums the gradient over rows: a per-row rate of 0.5 (stable on standardised features).
  const library = new LogisticRegression({ numSteps: steps, learningRate: 0.5 / rows.length });
  started = performance.now();
  library.train(plain, Matrix.columnVector(labels));
  const librarySeconds = (performance.now() - started) / 1000;
  // classifiers[0] is trained with target 0 for class 0, i.e. it scores P(class 1).
  const weights = library.classifiers[0]!.weights!.to1DArray();

  return {
    rows: rows.length,
    columns: design.length,
    newton: {
      seconds: Number(newtonSeconds.toFixed(3)),
      iterations: newton.iterations,
      logLoss: Number(logLossFromScores(labels, x.linearScores(newton.weights)).toFixed(6)),
    },
    library: {
      steps,
      seconds: Number(librarySeconds.toFixed(3)),
      logLoss: Number(logLossFromScores(labels, x.linearScores(weights)).toFixed(6)),
      learningRate: '0.5 / rows',
    },
  };
}
