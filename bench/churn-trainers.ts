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

/** The credit-card model (local-ml/credit-card/model.yaml). */
const spec = loadChurnModel({ name: 'credit-card' });

export interface TrainerComparison {
  rows: number;
  columns: number;
  newton: { seconds: number; iterations: number; logLoss: number };
  library: { steps: number; seconds: number; logLoss: number; learningRate: string };
}

/** Training-dates rows like the model's (every churned row, about one stayed row in six), at most `maxRows`. */
export async function compareChurnTrainers(backend: Backend, options: { steps?: number; maxRows?: number } = {}): Promise<TrainerComparison> {
  const steps = options.steps ?? 150;
  const maxRows = options.maxRows ?? 12_000;
  const columns = [...spec.numeric.map((f) => f.column), ...spec.categorical].join(', ');
  const rows = (
    await backend.query(`select customer_id, cast(cutoff_date as varchar) as cutoff_date, ${columns}, churned_next_month
    from GOLD.FCT_CHURN_TRAINING
    where not is_scoring_snapshot and cutoff_date < (select max(cutoff_date) - interval 3 month from GOLD.FCT_CHURN_TRAINING where not is_scoring_snapshot)
      and (churned_next_month = 1 or hash(customer_id, cutoff_date) % 6 = 0)
    order by hash(customer_id, cutoff_date, 1) limit ${maxRows}`)
  ).rows.map((r) => toFeatureRow(r, spec));
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
