/**
 * The in-process churn model (local backend; works on any Backend): features from
 * GOLD.FCT_CHURN_TRAINING, logistic regression with ml-logistic-regression, honest held-out
 * evaluation (80/20 split by date), the AUC gate, predictions and the model registry.
 * docs/churn.md explains every choice.
 */
import crypto from 'node:crypto';
import type { Backend, ProgressListener, Row } from '../src/backends/backend.js';
import { ExitCode, InterruptedError, UserError } from '../src/core/errors.js';
import { readRepoFile } from '../src/util/paths.js';
import { renderSqlFile } from '../src/util/sql-template.js';
import {
  CATEGORICAL_FEATURES, NUMERIC_FEATURES, compareRows, designMatrix, fitDesign, linearScoreSql, toFeatureRow,
  type DesignColumn, type FeatureRow,
} from './features.js';
import {
  aucRank, aucTrapezoid, bestF1Threshold, logLoss, metricsAt, rocCurve, thinRoc, type RocPoint, type ThresholdMetrics,
} from './metrics.js';
import { DesignMatrix, predictProbabilities, trainLogistic } from './train.js';

export { aucRank, aucTrapezoid, rocCurve } from './metrics.js';
export { NUMERIC_FEATURES, CATEGORICAL_FEATURES } from './features.js';

/** For the presenter, the README and the scene narration. */
export const CHURN_DEFINITION =
  'Observation dates are the first days of months. A customer churns at an observation date when they ' +
  'were active before it (at least one approved transaction in the calendar month before) and make no ' +
  'approved transaction in the calendar month starting on it (the next 28 to 31 days). ' +
  'The model sees only what was known on the observation date: transaction frequency and recency, ' +
  'average amount, 1/2/3-month spend trend, decline rate, credit utilisation against the limit in ' +
  'force, tenure, segment and card type. It is trained on the earlier 80% of monthly observation ' +
  'dates and judged on the later 20% it never saw; its predictions are published only if the ' +
  'held-out ROC AUC is above 0.80.';

/** Risk tiers on the churn probability: High >= 0.50, Medium >= 0.20, Low below (same on Snowflake, sql/ml/). */
export const RISK_TIERS = { high: 0.5, medium: 0.2 } as const;

export const FEATURE_TABLE = 'GOLD.FCT_CHURN_TRAINING';
export const PREDICTIONS_TABLE = 'GOLD.CHURN_PREDICTIONS';
export const REGISTRY_TABLE = 'GOLD.CHURN_MODEL_REGISTRY';
export const DEFAULT_MIN_AUC = 0.8;
/** Fewer churners than this in the training part and the model is not trained. */
export const MIN_TRAINING_POSITIVES = 10;
/** Training rows at most: all churned rows plus down-sampled stayed rows (the time budget). */
export const DEFAULT_MAX_TRAIN_ROWS = 15_000;
/** Stayed rows kept per churned row in training (at least MIN_TRAIN_NEGATIVES of them). */
export const NEGATIVES_PER_POSITIVE = 19;
export const MIN_TRAIN_NEGATIVES = 2_000;
/** Held-out rows at most (whole customers are sampled above this). */
export const DEFAULT_MAX_TEST_ROWS = 30_000;
export const DEFAULT_STEPS = 150;
/** Share of labelled rows (earliest cutoff dates) used for training; the later dates are held out. */
export const TRAIN_SHARE = 0.8;

export interface TrainChurnOptions {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** The gate: predictions are published only if held-out AUC > minAuc. Default 0.80. */
  minAuc?: number;
  /** Gradient steps (default 150: the log-loss curve is flat by then at small and full scale). */
  steps?: number;
  /** Cap on training rows (default 15,000). */
  maxTrainRows?: number;
  /**
   * Test hook (the permutation test): permute the labels within the training part and within the
   * held-out part (deterministically; a number picks the permutation). Held-out AUC must then be ~0.5.
   */
  shuffleLabels?: boolean | number;
}

export interface FeatureImportance {
  feature: string;
  /** Coefficient on the standardised feature: the change in log-odds per standard deviation. */
  coefficient: number;
}

export interface ChurnMetrics {
  auc: number;
  aucTrapezoid: number;
  aucRank: number;
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  confusion: ThresholdMetrics['confusion'];
  baseRate: number;
  trainBaseRate: number;
  testLogLoss: number;
  rocPoints: RocPoint[];
  logLossCurve: { step: number; logLoss: number }[];
}

export interface ChurnTrainingReport {
  modelVersion: string;
  trainedAt: string;
  backend: string;
  definition: string;
  deployed: boolean;
  gate: { minAuc: number; auc: number; passed: boolean; reason: string };
  /** The model whose predictions are in GOLD.CHURN_PREDICTIONS after this run (null: none yet). */
  activeModelVersion: string | null;
  data: {
    labelledRows: number;
    /** Training keeps every churned row and every `negativeEvery`th stayed row; the intercept is corrected by ln(keptFraction). */
    negativeEvery: number;
    negativeKeptFraction: number;
    /** Held-out rows: every row of every `testEvery`th customer. */
    testEvery: number;
    /** Labelled rows in the training dates before down-sampling. */
    allTrainRows: number;
    trainRows: number;
    testRows: number;
    trainPositives: number;
    testPositives: number;
    trainCutoffs: [string, string];
    testCutoffs: [string, string];
  };
  training: { steps: number; rate: number; libraryLearningRate: number };
  metrics: ChurnMetrics;
  importance: FeatureImportance[];
  design: DesignColumn[];
  coefficients: number[];
  predictions: { rows: number; tiers: Record<'High' | 'Medium' | 'Low', number> } | null;
  timings: { loadSeconds: number; trainSeconds: number; publishSeconds: number; totalSeconds: number };
}

function render(file: string, context: Record<string, unknown>): string {
  return renderSqlFile(['local-ml', 'sql', file], context);
}

function sqlLiteral(backend: Backend, value: string): string {
  const escaped = value.replace(/'/g, "''");
  return `'${backend.kind === 'snowflake' ? escaped.replace(/\\/g, '\\\\') : escaped}'`;
}

async function relationExists(backend: Backend, schema: string, table: string): Promise<boolean> {
  const result = await backend.query(
    `select count(*) as n from information_schema.tables where upper(table_schema) = '${schema}' and upper(table_name) = '${table}'`,
  );
  const row = result.rows[0] ?? {};
  return Number(row.n ?? row.N ?? 0) > 0;
}

function col(row: Row, name: string): Row[string] {
  return row[name] ?? row[name.toUpperCase()] ?? null;
}

/** Creates GOLD.CHURN_PREDICTIONS (empty) and GOLD.CHURN_MODEL_REGISTRY when missing. Safe to call any time. */
export async function ensureChurnTables(backend: Backend): Promise<void> {
  await backend.execute(readRepoFile('local-ml', 'sql', 'churn_tables.sql'));
}

async function activePredictionsVersion(backend: Backend): Promise<string | null> {
  if (!(await relationExists(backend, 'GOLD', 'CHURN_PREDICTIONS'))) return null;
  const result = await backend.query(`select max(model_version) as v from ${PREDICTIONS_TABLE}`);
  const v = col(result.rows[0] ?? {}, 'v');
  return v === null ? null : String(v);
}

/** Deterministic Fisher-Yates driven by mulberry32 (no Math.random): a fixed permutation per seed. */
function shuffled<T>(values: T[], seed: number): T[] {
  const out = values.slice();
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function round(x: number, digits = 6): number {
  return Number(x.toFixed(digits));
}

/**
 * Trains, evaluates, gates and (if the gate passes) publishes churn predictions. Throws a
 * UserError for missing gold data, too few churners or a single-class training set; returns a
 * report with deployed=false when the AUC gate refuses the model (old predictions stay).
 */
export async function trainChurn(backend: Backend, options: TrainChurnOptions = {}): Promise<ChurnTrainingReport> {
  const started = performance.now();
  const minAuc = options.minAuc ?? DEFAULT_MIN_AUC;
  const steps = options.steps ?? DEFAULT_STEPS;
  const maxTrainRows = options.maxTrainRows ?? DEFAULT_MAX_TRAIN_ROWS;
  const progress = (fraction: number, message: string) => options.onProgress?.({ stage: 'churn train', fraction, message });
  const checkAbort = () => {
    if (options.signal?.aborted) throw new InterruptedError('interrupted: churn training stopped, nothing was published');
  };

  progress(0, 'reading the feature table');
  if (!(await relationExists(backend, 'GOLD', 'FCT_CHURN_TRAINING'))) {
    throw new UserError(
      `no gold data yet: ${FEATURE_TABLE} does not exist`,
      ExitCode.badInput,
      'run `c360-demo pipeline` (or `c360-demo dbt build`) first',
    );
  }

  // Sizes per cutoff date: the date split and the sampling rate.
  const summary = (await backend.query(render('cutoff_summary.sql', { features: FEATURE_TABLE }), { signal: options.signal })).rows
    .map((r) => ({ cutoff: String(col(r, 'cutoff_date')).slice(0, 10), rows: Number(col(r, 'row_count')), churned: Number(col(r, 'churned_count') ?? 0) }))
    .sort((a, b) => (a.cutoff < b.cutoff ? -1 : a.cutoff > b.cutoff ? 1 : 0));
  const labelledRows = summary.reduce((s, c) => s + c.rows, 0);
  if (labelledRows === 0 || summary.length < 2) {
    throw new UserError(
      `no labelled rows to train on: ${FEATURE_TABLE} has ${summary.length} observation date(s) with ${labelledRows} rows`,
      ExitCode.checkFailed,
      'the history must span at least 5 months; run `c360-demo pipeline` to rebuild it',
    );
  }
  // Earliest cutoffs up to ~80% of the rows train; at least one date on each side.
  let trainDates = 0;
  let cumulative = 0;
  while (trainDates < summary.length - 1 && (trainDates === 0 || cumulative + summary[trainDates]!.rows <= TRAIN_SHARE * labelledRows + 1e-9)) {
    cumulative += summary[trainDates]!.rows;
    trainDates++;
  }
  const splitDate = summary[trainDates]!.cutoff;
  const trainSummary = summary.slice(0, trainDates);
  const allTrainPositives = trainSummary.reduce((s, c) => s + c.churned, 0);
  const allTrainNegatives = trainSummary.reduce((s, c) => s + c.rows - c.churned, 0);
  const allTestRows = labelledRows - trainSummary.reduce((s, c) => s + c.rows, 0);
  const targetNegatives = Math.max(1, Math.min(maxTrainRows - allTrainPositives, Math.max(NEGATIVES_PER_POSITIVE * allTrainPositives, MIN_TRAIN_NEGATIVES)));
  // Shuffled labels must be shuffled over the population, not over a sample chosen by the real
  // labels (that would leave the real churners' rows mostly labelled "stayed": anti-learning).
  const negativeEvery = options.shuffleLabels ? 1 : Math.max(1, Math.ceil(allTrainNegatives / targetNegatives));
  const testEvery = Math.max(1, Math.ceil(allTestRows / DEFAULT_MAX_TEST_ROWS));

  checkAbort();
  const loadStarted = performance.now();
  progress(0.05, 'loading features');
  const loaded = await backend.query(
    render('load_labelled_rows.sql', {
      features: FEATURE_TABLE,
      numeric: NUMERIC_FEATURES.map((f) => f.column),
      split_date: splitDate,
      negative_every: negativeEvery,
      test_every: testEvery,
    }),
    { signal: options.signal },
  );
  const rows = loaded.rows.map(toFeatureRow).sort(compareRows);
  const trainRows: FeatureRow[] = [];
  const testRows: FeatureRow[] = [];
  for (const row of rows) (row.cutoffDate < splitDate ? trainRows : testRows).push(row);
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  let trainLabels = trainRows.map((r) => r.label ?? 0);
  let testLabels = testRows.map((r) => r.label ?? 0);
  if (options.shuffleLabels !== undefined && options.shuffleLabels !== false) {
    // The permutation test: labels permuted within each part, so nothing in the features can
    // predict them and an honest evaluation must land near AUC 0.5.
    const seed = options.shuffleLabels === true ? 20250630 : options.shuffleLabels;
    trainLabels = shuffled(trainLabels, seed);
    testLabels = shuffled(testLabels, seed + 1);
  }
  const trainPositives = trainLabels.reduce((s, y) => s + y, 0);
  const testPositives = testLabels.reduce((s, y) => s + y, 0);
  const trainRange: [string, string] = [summary[0]!.cutoff, summary[trainDates - 1]!.cutoff];
  const testRange: [string, string] = [splitDate, summary[summary.length - 1]!.cutoff];
  if (trainPositives === 0 || trainPositives === trainLabels.length) {
    throw new UserError(
      `the training set has a single class: all ${allTrainPositives + allTrainNegatives} rows (${trainRange[0]} .. ${trainRange[1]}) are ${trainPositives === 0 ? '"stayed"' : '"churned"'}; a classifier cannot learn from that`,
      ExitCode.checkFailed,
      'generate a longer history or a larger scale (`c360-demo pipeline --scale small`)',
    );
  }
  if (trainPositives < MIN_TRAINING_POSITIVES) {
    throw new UserError(
      `too few churners to train: ${trainPositives} positive rows out of ${allTrainPositives + allTrainNegatives} in the training dates ${trainRange[0]} .. ${trainRange[1]} (need at least ${MIN_TRAINING_POSITIVES})`,
      ExitCode.checkFailed,
      'use a larger scale (`--scale small` or `full`) so that more customers churn in the training window',
    );
  }
  if (testPositives === 0 || testPositives === testLabels.length) {
    throw new UserError(
      `the held-out dates ${testRange[0]} .. ${testRange[1]} have a single class (${testPositives} churners in ${testLabels.length} rows): AUC is undefined`,
      ExitCode.checkFailed,
      'use a larger scale so that the held-out months contain churners',
    );
  }

  checkAbort();
  const trainStarted = performance.now();
  progress(0.15, `training on ${trainRows.length.toLocaleString('en-US')} rows`);
  const design = fitDesign(trainRows);
  const xTrain = new DesignMatrix(trainRows.length, design.length, designMatrix(trainRows, design));
  const model = trainLogistic(xTrain, trainLabels, {
    steps,
    signal: options.signal,
    onStep: (step) => {
      if (step % 25 === 0) progress(0.15 + 0.7 * (step / steps), `gradient step ${step}/${steps}`);
    },
  });
  const xTest = new DesignMatrix(testRows.length, design.length, designMatrix(testRows, design));
  // Prior correction for the negative down-sampling: the sample's odds are the population's
  // divided by the kept fraction of stayed rows, so the intercept moves by ln(kept fraction).
  const keptNegatives = trainLabels.length - trainPositives;
  const negativeKeptFraction = Math.min(1, keptNegatives / Math.max(1, allTrainNegatives));
  const weights = model.weights.slice();
  weights[0] = weights[0]! + Math.log(negativeKeptFraction);
  const trainProbabilities = predictProbabilities(xTrain, weights);
  const testProbabilities = predictProbabilities(xTest, weights);
  // The threshold with the best F1 on the training rows, each stayed row counted as the rows it stands for.
  const threshold = bestF1Threshold(trainLabels, trainProbabilities, 1 / negativeKeptFraction);
  const atThreshold = metricsAt(testLabels, testProbabilities, threshold);
  const auc1 = aucTrapezoid(testLabels, testProbabilities);
  const auc2 = aucRank(testLabels, testProbabilities);
  const trainSeconds = (performance.now() - trainStarted) / 1000;

  const metrics: ChurnMetrics = {
    auc: round(auc2),
    aucTrapezoid: round(auc1),
    aucRank: round(auc2),
    threshold,
    precision: round(atThreshold.precision),
    recall: round(atThreshold.recall),
    f1: round(atThreshold.f1),
    accuracy: round(atThreshold.accuracy),
    confusion: atThreshold.confusion,
    baseRate: round(testPositives / testLabels.length),
    // Churn rate of the training dates in the population (before the stayed rows were down-sampled).
    trainBaseRate: round(allTrainPositives / Math.max(1, allTrainPositives + allTrainNegatives)),
    testLogLoss: round(logLoss(testLabels, testProbabilities)),
    rocPoints: thinRoc(rocCurve(testLabels, testProbabilities)).map((p) => ({ threshold: round(p.threshold), fpr: round(p.fpr), tpr: round(p.tpr) })),
    logLossCurve: model.logLossCurve.map((p) => ({ step: p.step, logLoss: round(p.logLoss) })),
  };
  const importance: FeatureImportance[] = design
    .map((c, k) => ({ feature: c.name, coefficient: round(weights[k]!) }))
    .filter((f) => f.feature !== '(intercept)')
    .sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient) || (a.feature < b.feature ? -1 : 1));

  const data: ChurnTrainingReport['data'] = {
    labelledRows,
    negativeEvery,
    negativeKeptFraction: round(negativeKeptFraction),
    testEvery,
    allTrainRows: allTrainPositives + allTrainNegatives,
    trainRows: trainRows.length,
    testRows: testRows.length,
    trainPositives,
    testPositives,
    trainCutoffs: trainRange,
    testCutoffs: testRange,
  };

  // The version names the model and the data it came from, not the clock.
  const fingerprint = JSON.stringify({
    design, weights, steps, rate: model.rate, negativeEvery, testEvery, splitDate,
    trainRows: trainRows.length, testRows: testRows.length, trainPositives, testPositives,
  });
  const modelVersion = `churn-${crypto.createHash('sha256').update(fingerprint).digest('hex').slice(0, 12)}`;
  const passed = metrics.auc > minAuc;
  const reason = passed
    ? `held-out AUC ${metrics.auc.toFixed(3)} > ${minAuc.toFixed(2)}: deployed`
    : `held-out AUC ${metrics.auc.toFixed(3)} is not above ${minAuc.toFixed(2)}: predictions not published, the previous model's predictions stay`;

  checkAbort();
  const publishStarted = performance.now();
  progress(0.9, passed ? 'publishing predictions' : 'recording the refused model');
  const trainedAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
  await ensureChurnTables(backend);
  const registryInsert = `insert into ${REGISTRY_TABLE} (model_version, trained_at, backend, features, coefficients, metrics, deployed, gate_reason) values (${[
    sqlLiteral(backend, modelVersion),
    `cast(${sqlLiteral(backend, trainedAt)} as timestamp)`,
    sqlLiteral(backend, backend.kind),
    sqlLiteral(backend, JSON.stringify({ numeric: NUMERIC_FEATURES, categorical: CATEGORICAL_FEATURES, design: design.map((c) => c.name) })),
    sqlLiteral(backend, JSON.stringify({ design, weights, steps, rate: model.rate, threshold, riskTiers: RISK_TIERS })),
    sqlLiteral(backend, JSON.stringify({ ...metrics, importance, data })),
    passed ? 'true' : 'false',
    sqlLiteral(backend, reason),
  ].join(', ')})`;
  await backend.transaction(async () => {
    if (passed) {
      await backend.execute(render('publish_predictions.sql', {
        features: FEATURE_TABLE,
        linear_score: linearScoreSql(design, weights),
        high_cutoff: RISK_TIERS.high,
        medium_cutoff: RISK_TIERS.medium,
        model_version: modelVersion,
        scored_at: trainedAt,
      }));
    }
    await backend.execute(registryInsert);
  });
  let predictions: ChurnTrainingReport['predictions'] = null;
  if (passed) {
    const tiers = await backend.query(`select risk_tier, count(*) as n from ${PREDICTIONS_TABLE} group by risk_tier`);
    const counts = { High: 0, Medium: 0, Low: 0 };
    for (const r of tiers.rows) counts[String(col(r, 'risk_tier')) as keyof typeof counts] = Number(col(r, 'n'));
    predictions = { rows: counts.High + counts.Medium + counts.Low, tiers: counts };
  }
  const activeModelVersion = passed ? modelVersion : await activePredictionsVersion(backend);
  const publishSeconds = (performance.now() - publishStarted) / 1000;
  progress(1, reason);

  return {
    modelVersion,
    trainedAt,
    backend: backend.kind,
    definition: CHURN_DEFINITION,
    deployed: passed,
    gate: { minAuc, auc: metrics.auc, passed, reason },
    activeModelVersion,
    data,
    training: { steps, rate: model.rate, libraryLearningRate: model.libraryLearningRate },
    metrics,
    importance,
    design,
    coefficients: weights,
    predictions,
    timings: {
      loadSeconds: round(loadSeconds, 3),
      trainSeconds: round(trainSeconds, 3),
      publishSeconds: round(publishSeconds, 3),
      totalSeconds: round((performance.now() - started) / 1000, 3),
    },
  };
}

export interface ChurnRegistryEntry {
  modelVersion: string;
  trainedAt: string;
  deployed: boolean;
  gateReason: string;
  features: { numeric: typeof NUMERIC_FEATURES; categorical: string[]; design: string[] };
  coefficients: { design: DesignColumn[]; weights: number[]; steps: number; rate: number; threshold: number; riskTiers: typeof RISK_TIERS };
  metrics: ChurnMetrics & { importance: FeatureImportance[]; data: ChurnTrainingReport['data'] };
  /** The model whose predictions are in GOLD.CHURN_PREDICTIONS (may be an older, deployed one). */
  activeModelVersion: string | null;
  definition: string;
}

/** The latest training run from the registry (deployed or refused), or null when none has run. For the presenter. */
export async function loadLatestChurnReport(backend: Backend): Promise<ChurnRegistryEntry | null> {
  if (!(await relationExists(backend, 'GOLD', 'CHURN_MODEL_REGISTRY'))) return null;
  const result = await backend.query(
    `select model_version, cast(trained_at as varchar) as trained_at, features, coefficients, metrics, deployed, gate_reason
     from ${REGISTRY_TABLE} order by trained_at desc, model_version limit 1`,
  );
  const row = result.rows[0];
  if (!row) return null;
  const parse = (v: Row[string]) => (typeof v === 'string' ? JSON.parse(v) : v);
  return {
    modelVersion: String(col(row, 'model_version')),
    trainedAt: String(col(row, 'trained_at')),
    deployed: col(row, 'deployed') === true || String(col(row, 'deployed')).toLowerCase() === 'true',
    gateReason: String(col(row, 'gate_reason') ?? ''),
    features: parse(col(row, 'features')),
    coefficients: parse(col(row, 'coefficients')),
    metrics: parse(col(row, 'metrics')),
    activeModelVersion: await activePredictionsVersion(backend),
    definition: CHURN_DEFINITION,
  };
}
