/**
 * The in-process churn model (local backend; works on any Backend): features from the pack's
 * feature table as its local-ml/<pack>/model.yaml describes them, logistic regression
 * (local-ml/train.ts), evaluation on every held-out row against a one-feature recency baseline and
 * shuffled-label controls, the three-part gate, the pack's published scores and the model
 * registry. docs/churn.md explains every choice.
 */
import crypto from 'node:crypto';
import type { Backend, ProgressListener, Row } from '../src/backends/backend.js';
import { ExitCode, InterruptedError, UserError } from '../src/core/errors.js';
import { readRepoFile } from '../src/util/paths.js';
import { renderSqlFile } from '../src/util/sql-template.js';
import {
  compareRows,
  contributionSql,
  designMatrix,
  featureRowsFromColumns,
  fitDesign,
  linearScoreSql,
  rowsToColumns,
  type DesignColumn,
  type FeatureRow,
} from './features.js';
import {
  aucAndAveragePrecision,
  bestF1Threshold,
  bootstrapAucIntervals,
  brierScore,
  calibrationTable,
  logLoss,
  metricsAt,
  orderByScoreDesc,
  quantileSorted,
  rocCurve,
  seededShuffle,
  thinRoc,
  topShares,
  type CalibrationBin,
  type RocPoint,
  type ThresholdMetrics,
  type TopShare,
} from './metrics.js';
import { loadChurnModel, splitQualified, type ChurnGate, type ChurnModelSpec, type NumericFeature } from './model.js';
import { DEFAULT_L2, DesignMatrix, predictProbabilities, trainLogistic } from './train.js';
import { classWeights, startShuffledControls } from './shuffled-controls.js';

export { aucRank, aucTrapezoid, rocCurve } from './metrics.js';

/** Shuffled-label control fits per run. */
export const SHUFFLED_FITS = 25;
/** Fewer shuffled fits than this and the `above_every_fit` rule cannot pass (p would exceed 0.05). */
export const MIN_SHUFFLED_FITS = 20;
/** Bootstrap replicates (over customers) for the AUC intervals (each one passes over every held-out row, per scorer). */
export const BOOTSTRAP_REPLICATES = 1000;
/** Seed of the bootstrap and of the label shuffles: same seed and data, same numbers. */
export const EVALUATION_SEED = 20250630;
/** Calling the top 1%, 5%, 10% of held-out scores. */
export const TOP_SHARES = [0.01, 0.05, 0.1];

/** Fewer churners than this in the training part and the model is not trained. */
export const MIN_TRAINING_POSITIVES = 10;
/** Training rows at most (the time budget: 1 + SHUFFLED_FITS + 1 fits per run). */
export const DEFAULT_MAX_TRAIN_ROWS = 12_000;
/** Stayed rows kept per churned row in training (at least MIN_TRAIN_NEGATIVES of them). */
export const NEGATIVES_PER_POSITIVE = 9;
export const MIN_TRAIN_NEGATIVES = 2_000;

export interface TrainChurnOptions {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** The gate's AUC bar, instead of the pack's (model.yaml `gate.min_auc`); the other two parts are the pack's. */
  minAuc?: number;
  /** Cap on training rows (default 12,000). */
  maxTrainRows?: number;
  /** Ridge penalty of every fit (default DEFAULT_L2). */
  l2?: number;
  /** Shuffled-label control fits (default 25; at least 20 for the gate to mean anything). */
  shuffledFits?: number;
  /** Seed of the bootstrap and the shuffles (default EVALUATION_SEED). */
  seed?: number;
  /**
   * Test hook: train the reported model itself on permuted training labels (a number picks the
   * permutation). The held-out labels stay real, so its AUC must be ~0.5 and the gate must refuse.
   */
  shuffleTrainingLabels?: number;
  /** The model to train (default: the backend's pack's local-ml/<pack>/model.yaml). */
  model?: ChurnModelSpec;
}

export interface FeatureImportance {
  feature: string;
  /** Coefficient on the standardised feature: the change in log-odds per standard deviation. */
  coefficient: number;
}

/** Everything measured for one scorer on every held-out row. */
export interface HeldOutMetrics {
  auc: number;
  /** The same AUC as the area under the ROC curve (must equal `auc`). */
  aucTrapezoid: number;
  /** 95% percentile interval, bootstrapping customers. */
  aucInterval: { low: number; high: number; replicates: number };
  prAuc: number;
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  confusion: ThresholdMetrics['confusion'];
  top: TopShare[];
  brier: number;
  logLoss: number;
  calibration: CalibrationBin[];
  rocPoints: RocPoint[];
}

export interface ShuffledControl {
  fits: number;
  /** Held-out AUC of each fit, ascending. */
  aucs: number[];
  min: number;
  median: number;
  p95: number;
  max: number;
  prAucMedian: number;
  brierMedian: number;
}

export interface GateCheck {
  name: string;
  value: number;
  bar: string;
  passed: boolean;
}

export interface ChurnMetrics {
  model: HeldOutMetrics;
  baseline: HeldOutMetrics & { feature: string };
  /** Model AUC minus baseline AUC, with its paired bootstrap interval. */
  gainOverBaseline: { value: number; low: number; high: number };
  shuffled: ShuffledControl;
  baseRate: number;
  trainBaseRate: number;
  /** Training log-loss per Newton iteration (down-sampled training rows). */
  logLossCurve: { iteration: number; logLoss: number }[];
}

export interface ChurnTrainingReport {
  modelVersion: string;
  trainedAt: string;
  backend: string;
  definition: string;
  deployed: boolean;
  gate: { passed: boolean; checks: GateCheck[]; reason: string; minAuc: number };
  /** The model whose scores are in the pack's predictions table after this run (null: none yet). */
  activeModelVersion: string | null;
  /** Where this pack's model writes: the feature table read, the predictions, the registry. */
  tables: ChurnModelSpec['tables'];
  data: {
    labelledRows: number;
    /** Training keeps every `positiveEvery`th churned and `negativeEvery`th stayed row, each weighted by the rows it stands for. */
    positiveEvery: number;
    negativeEvery: number;
    positiveKeptFraction: number;
    negativeKeptFraction: number;
    /** Labelled rows in the training dates before down-sampling, and their churners. */
    allTrainRows: number;
    allTrainPositives: number;
    trainRows: number;
    trainPositives: number;
    /** Every held-out row. */
    testRows: number;
    testPositives: number;
    testCustomers: number;
    trainCutoffs: [string, string];
    testCutoffs: [string, string];
    /** Churn rate per cutoff date. */
    perCutoff: { cutoff: string; rows: number; churned: number; rate: number }[];
  };
  training: { method: string; l2: number; iterations: number; converged: boolean; seed: number };
  metrics: ChurnMetrics;
  importance: FeatureImportance[];
  design: DesignColumn[];
  coefficients: number[];
  predictions: {
    rows: number;
    tiers: Record<'High' | 'Medium' | 'Low', number>;
    /** Lowest probability in High and in Medium. */
    tierCutoffs: { high: number; medium: number };
    activeDays: number;
  } | null;
  /**
   * trainSeconds: the design, the model and the baseline; evaluateSeconds: the bootstrap and the
   * other held-out metrics, then waiting for the shuffled-label controls (which start with the
   * training, on a worker thread in the built app); publishSeconds: the at-risk list and the registry row.
   */
  timings: { loadSeconds: number; trainSeconds: number; evaluateSeconds: number; publishSeconds: number; totalSeconds: number };
}

/** The pack's churn SQL: local-ml/<pack>/sql/, with the model's tables and key columns to hand. */
function render(spec: ChurnModelSpec, file: string, context: Record<string, unknown> = {}): string {
  return renderSqlFile(['local-ml', spec.pack, 'sql', file], {
    features: spec.tables.features,
    predictions: spec.tables.predictions,
    registry: spec.tables.registry,
    id: spec.columns.id,
    observation_date: spec.columns.observationDate,
    label: spec.columns.label,
    split_column: 'column' in spec.split ? spec.split.column : null,
    ...context,
  });
}

function sqlLiteral(backend: Backend, value: string): string {
  const escaped = value.replace(/'/g, "''");
  return `'${backend.kind === 'snowflake' ? escaped.replace(/\\/g, '\\\\') : escaped}'`;
}

async function relationExists(backend: Backend, qualifiedName: string): Promise<boolean> {
  const { schema, table } = splitQualified(qualifiedName);
  const result = await backend.query(
    `select count(*) as n from information_schema.tables where upper(table_schema) = '${schema}' and upper(table_name) = '${table}'`,
  );
  const row = result.rows[0] ?? {};
  return Number(row.n ?? row.N ?? 0) > 0;
}

function col(row: Row, name: string): Row[string] {
  return row[name] ?? row[name.toUpperCase()] ?? null;
}

/** Creates the pack's predictions table (empty) and model registry when missing. Safe to call any time. */
export async function ensureChurnTables(backend: Backend, spec: ChurnModelSpec = loadChurnModel(backend.pack)): Promise<void> {
  await backend.execute(readRepoFile('local-ml', spec.pack, 'sql', 'churn_tables.sql'));
}

/** The model whose scores the predictions table holds now (the pack's active_model.sql says how to tell). */
async function activePredictionsVersion(backend: Backend, spec: ChurnModelSpec): Promise<string | null> {
  if (!(await relationExists(backend, spec.tables.predictions))) return null;
  const result = await backend.query(render(spec, 'active_model.sql'));
  const v = col(result.rows[0] ?? {}, 'model_version');
  return v === null ? null : String(v);
}

function round(x: number, digits = 6): number {
  return Number(x.toFixed(digits));
}

/** Every metric of one scorer on the held-out rows; `threshold` was chosen on training rows. */
function evaluate(
  labels: number[],
  probabilities: Float64Array,
  order: number[],
  threshold: number,
  interval: { low: number; high: number; replicates: number },
): HeldOutMetrics {
  const at = metricsAt(labels, probabilities, threshold);
  const ranked = aucAndAveragePrecision(labels, probabilities);
  const roc = rocCurve(labels, probabilities, order);
  let trapezoid = 0;
  for (let k = 1; k < roc.length; k++) trapezoid += ((roc[k]!.fpr - roc[k - 1]!.fpr) * (roc[k - 1]!.tpr + roc[k]!.tpr)) / 2;
  return {
    auc: round(ranked.auc),
    aucTrapezoid: round(trapezoid),
    aucInterval: { low: round(interval.low), high: round(interval.high), replicates: interval.replicates },
    prAuc: round(ranked.averagePrecision),
    threshold,
    precision: round(at.precision),
    recall: round(at.recall),
    f1: round(at.f1),
    confusion: at.confusion,
    top: topShares(labels, probabilities, TOP_SHARES, order).map((t) => ({
      ...t,
      precision: round(t.precision),
      lift: round(t.lift),
      captured: round(t.captured),
    })),
    brier: round(brierScore(labels, probabilities)),
    logLoss: round(logLoss(labels, probabilities)),
    calibration: calibrationTable(labels, probabilities, 10, order).map((b) => ({
      ...b,
      meanPredicted: round(b.meanPredicted),
      observedRate: round(b.observedRate),
      minScore: round(b.minScore),
      maxScore: round(b.maxScore),
    })),
    rocPoints: thinRoc(roc).map((p) => ({ threshold: round(p.threshold), fpr: round(p.fpr), tpr: round(p.tpr) })),
  };
}

/** The gate's three checks on rounded numbers (the ones stored and shown), and its reason in one line. */
export function judgeGate(
  auc: number,
  baselineAuc: number,
  shuffled: Pick<ShuffledControl, 'p95' | 'max' | 'fits'>,
  gate: ChurnGate,
  minAuc: number = gate.minAuc,
): { passed: boolean; checks: GateCheck[]; reason: string } {
  const gain = round(auc - baselineAuc);
  const minGain = gate.minGainOverBaseline;
  const control = shuffledCheck(auc, shuffled, gate.shuffledControl);
  const checks: GateCheck[] = [
    { name: 'held-out AUC', value: auc, bar: `> ${minAuc.toFixed(2)}`, passed: auc > minAuc },
    { name: 'gain over recency baseline', value: gain, bar: `>= ${minGain.toFixed(2)}`, passed: gain >= minGain },
    control.check,
  ];
  const passed = checks.every((c) => c.passed);
  const parts = [
    `held-out AUC ${auc.toFixed(3)} ${auc > minAuc ? '>' : 'is not above'} ${minAuc.toFixed(2)}`,
    `${gain >= 0 ? 'beats' : 'trails'} recency-only ${baselineAuc.toFixed(3)} by ${Math.abs(gain).toFixed(3)} (${gain >= minGain ? '>=' : 'need >='} ${minGain.toFixed(2)})`,
    control.reason,
  ];
  const reason = passed
    ? `deployed: ${parts.join('; ')}`
    : `not deployed: ${checks
        .filter((c) => !c.passed)
        .map((c) => c.name)
        .join(', ')} failed (${parts.join('; ')}); the previous model's predictions stay`;
  return { passed, checks, reason };
}

/** The shuffled-label part of the gate, by the pack's rule. */
function shuffledCheck(
  auc: number,
  shuffled: Pick<ShuffledControl, 'p95' | 'max' | 'fits'>,
  rule: ChurnGate['shuffledControl'],
): { check: GateCheck; reason: string } {
  if ('p95Below' in rule) {
    const passed = shuffled.p95 < rule.p95Below;
    return {
      check: { name: 'shuffled-label AUC p95', value: shuffled.p95, bar: `< ${rule.p95Below.toFixed(2)}`, passed },
      reason: `shuffled-label p95 ${shuffled.p95.toFixed(3)} ${passed ? '<' : 'is not below'} ${rule.p95Below.toFixed(2)}`,
    };
  }
  // Fewer than MIN_SHUFFLED_FITS fits and "above all of them" proves too little.
  const passed = shuffled.fits >= MIN_SHUFFLED_FITS && auc > shuffled.max;
  return {
    check: { name: 'above every shuffled-label fit', value: shuffled.max, bar: `< ${auc.toFixed(3)}, the model's AUC`, passed },
    reason:
      shuffled.fits < MIN_SHUFFLED_FITS
        ? `only ${shuffled.fits} shuffled-label fits (need ${MIN_SHUFFLED_FITS})`
        : `${passed ? 'above' : 'not above'} all ${shuffled.fits} shuffled-label fits (best ${shuffled.max.toFixed(3)}, p ${passed ? '<' : '>='} ${(1 / (shuffled.fits + 1)).toFixed(3)})`,
  };
}

/**
 * How many of the earliest observation dates train (the rest are held out): by share of the
 * labelled rows, or as the feature table's split column says, which must then put each date
 * wholly on one side and every training date before every held-out one.
 */
function trainingDateCount(spec: ChurnModelSpec, summary: { cutoff: string; rows: number; side: string | null }[], labelledRows: number): number {
  const split = spec.split;
  if ('train_share' in split) {
    // Earliest dates up to ~train_share of the rows; at least one date on each side.
    let dates = 0;
    let cumulative = 0;
    while (dates < summary.length - 1 && (dates === 0 || cumulative + summary[dates]!.rows <= split.train_share * labelledRows + 1e-9)) {
      cumulative += summary[dates]!.rows;
      dates++;
    }
    return dates;
  }
  const where = `${spec.tables.features}.${split.column}`;
  const mixed = summary.find((c) => c.side !== split.train && c.side !== split.test);
  if (mixed) {
    throw new UserError(
      `${where} is ${mixed.side === null ? 'null' : `'${mixed.side}'`} on ${mixed.cutoff}: every observation date must be wholly '${split.train}' or wholly '${split.test}'`,
      ExitCode.checkFailed,
      'the split must be by date; rebuild the feature table: c360-demo dbt build',
    );
  }
  const dates = summary.findIndex((c) => c.side !== split.train);
  if (dates <= 0 || summary.slice(dates).some((c) => c.side !== split.test)) {
    throw new UserError(
      `${where} does not hold out the latest dates: ${summary.map((c) => `${c.cutoff} ${c.side}`).join(', ')}`,
      ExitCode.checkFailed,
      'the held-out dates must all come after the training dates, with at least one of each',
    );
  }
  return dates;
}

interface LabelledRows {
  train: FeatureRow[];
  control: FeatureRow[];
  test: FeatureRow[];
}

/** The load query's rows (load_labelled_rows.sql), split into training, control and held-out rows, each in compareRows order. */
async function loadLabelledRows(backend: Backend, spec: ChurnModelSpec, sql: string, splitDate: string, signal?: AbortSignal): Promise<LabelledRows> {
  const loaded = backend.queryColumns
    ? await backend.queryColumns(sql, { signal })
    : await backend.query(sql, { signal }).then((r) => rowsToColumns(r.columns, r.rows));
  const flag = (name: string) => loaded.values[loaded.columns.findIndex((c) => c.toLowerCase() === name)] ?? [];
  const inTrain = flag('in_train');
  const inControl = flag('in_control');
  const out: LabelledRows = { train: [], control: [], test: [] };
  featureRowsFromColumns(loaded, spec).forEach((row, i) => {
    if (row.observationDate >= splitDate) out.test.push(row);
    else {
      if (inTrain[i] === true) out.train.push(row);
      if (inControl[i] === true) out.control.push(row);
    }
  });
  for (const part of [out.train, out.control, out.test]) part.sort(compareRows);
  return out;
}

/** The design (fitted on the training rows) and the three design matrices, the labels, and each held-out row's customer. */
function designFromRows(rows: LabelledRows, spec: ChurnModelSpec) {
  const design = fitDesign(rows.train, spec);
  const matrix = (part: FeatureRow[], shared = false) => {
    const size = part.length * design.length;
    const flat = shared ? new Float64Array(new SharedArrayBuffer(size * Float64Array.BYTES_PER_ELEMENT)) : new Float64Array(size);
    return new DesignMatrix(part.length, design.length, designMatrix(part, design, spec, flat));
  };
  // Whole customers are the bootstrap's unit: number them in row order.
  const customerIndex = new Map<string, number>();
  const groups = Int32Array.from(rows.test, (r) => {
    let g = customerIndex.get(r.entityId);
    if (g === undefined) customerIndex.set(r.entityId, (g = customerIndex.size));
    return g;
  });
  return {
    design,
    xTrain: matrix(rows.train),
    // Shared memory: the shuffled-label controls' worker thread reads it without a copy.
    xTest: matrix(rows.test, true),
    xControl: matrix(rows.control),
    trainLabels: rows.train.map((r) => r.label ?? 0),
    testLabels: rows.test.map((r) => r.label ?? 0),
    groups,
    customers: customerIndex.size,
  };
}

/**
 * Trains, evaluates, gates and (if the gate passes) publishes the at-risk list. Throws a
 * UserError for missing gold data, too few churners or a single-class training set; returns a
 * report with deployed=false when the gate refuses the model (old predictions stay).
 */
export async function trainChurn(backend: Backend, options: TrainChurnOptions = {}): Promise<ChurnTrainingReport> {
  const started = performance.now();
  const spec = options.model ?? loadChurnModel(backend.pack);
  const featureTable = spec.tables.features;
  const minAuc = options.minAuc ?? spec.gate.minAuc;
  const maxTrainRows = options.maxTrainRows ?? DEFAULT_MAX_TRAIN_ROWS;
  const shuffledFits = options.shuffledFits ?? SHUFFLED_FITS;
  const seed = options.seed ?? EVALUATION_SEED;
  const progress = (fraction: number, message: string) => options.onProgress?.({ stage: 'churn train', fraction, message });
  const checkAbort = () => {
    if (options.signal?.aborted) throw new InterruptedError('interrupted: churn training stopped, nothing was published');
  };

  progress(0, 'reading the feature table');
  if (!(await relationExists(backend, featureTable))) {
    throw new UserError(`no modelled data yet: ${featureTable} does not exist`, ExitCode.badInput, 'run `c360-demo pipeline` (or `c360-demo dbt build`) first');
  }

  // Sizes per observation date (and, when the table carries its split, each date's side): the date split and the sampling rates.
  const summary = (await backend.query(render(spec, 'cutoff_summary.sql'), { signal: options.signal })).rows
    .map((r) => ({
      cutoff: String(col(r, 'cutoff_date')).slice(0, 10),
      rows: Number(col(r, 'row_count')),
      churned: Number(col(r, 'churned_count') ?? 0),
      side: col(r, 'split') === null ? null : String(col(r, 'split')),
    }))
    .sort((a, b) => (a.cutoff < b.cutoff ? -1 : a.cutoff > b.cutoff ? 1 : 0));
  const labelledRows = summary.reduce((s, c) => s + c.rows, 0);
  if (labelledRows === 0 || summary.length < 2) {
    throw new UserError(
      `no labelled rows to train on: ${featureTable} has ${summary.length} observation date(s) with ${labelledRows} rows`,
      ExitCode.checkFailed,
      'the history must span at least 5 months; run `c360-demo pipeline` to rebuild it',
    );
  }
  const trainDates = trainingDateCount(spec, summary, labelledRows);
  const splitDate = summary[trainDates]!.cutoff;
  const trainSummary = summary.slice(0, trainDates);
  const allTrainPositives = trainSummary.reduce((s, c) => s + c.churned, 0);
  const allTrainNegatives = trainSummary.reduce((s, c) => s + c.rows - c.churned, 0);
  const allTrainRows = allTrainPositives + allTrainNegatives;
  const trainRange: [string, string] = [summary[0]!.cutoff, summary[trainDates - 1]!.cutoff];
  const testRange: [string, string] = [splitDate, summary[summary.length - 1]!.cutoff];
  if (allTrainPositives === 0 || allTrainNegatives === 0) {
    throw new UserError(
      `the training set has a single class: all ${allTrainRows} rows (${trainRange[0]} .. ${trainRange[1]}) are ${allTrainPositives === 0 ? '"stayed"' : '"churned"'}; a classifier cannot learn from that`,
      ExitCode.checkFailed,
      'generate a longer history or a larger scale (`c360-demo pipeline --scale small`)',
    );
  }
  if (allTrainPositives < MIN_TRAINING_POSITIVES) {
    throw new UserError(
      `too few churners to train: ${allTrainPositives} positive rows out of ${allTrainRows} in the training dates ${trainRange[0]} .. ${trainRange[1]} (need at least ${MIN_TRAINING_POSITIVES})`,
      ExitCode.checkFailed,
      'use a larger scale (`--scale small` or `full`) so that more customers churn in the training window',
    );
  }
  // Down-sampling for the time budget: churned rows up to a quarter of the cap, stayed rows
  // NEGATIVES_PER_POSITIVE per churned row (at least MIN_TRAIN_NEGATIVES) within the cap.
  const positiveEvery = Math.max(1, Math.ceil(allTrainPositives / Math.floor(maxTrainRows / 4)));
  const keptPositivesTarget = Math.ceil(allTrainPositives / positiveEvery);
  const targetNegatives = Math.max(
    1,
    Math.min(maxTrainRows - keptPositivesTarget, Math.max(NEGATIVES_PER_POSITIVE * keptPositivesTarget, MIN_TRAIN_NEGATIVES)),
  );
  const negativeEvery = Math.max(1, Math.ceil(allTrainNegatives / targetNegatives));
  const controlEvery = Math.max(1, Math.round(allTrainRows / (keptPositivesTarget + Math.ceil(allTrainNegatives / negativeEvery))));

  checkAbort();
  const loadStarted = performance.now();
  progress(0.05, 'loading features');
  const loadSql = render(spec, 'load_labelled_rows.sql', {
    categorical: spec.categorical,
    numeric: spec.numeric.map((f) => f.column),
    split_date: splitDate,
    positive_every: positiveEvery,
    negative_every: negativeEvery,
    control_every: controlEvery,
  });
  let rows: LabelledRows | undefined = await loadLabelledRows(backend, spec, loadSql, splitDate, options.signal);
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  checkAbort();
  const trainStarted = performance.now();
  progress(0.15, `training on ${rows.train.length.toLocaleString('en-US')} rows`);
  const { design, xTrain, xTest, xControl, testLabels, groups, customers, ...labelled } = designFromRows(rows, spec);
  // The matrices are what the fits and the evaluation read from here on: the rows (~100 MB at
  // full scale) are let go rather than kept while they run.
  rows = undefined;
  const rowCounts = { train: xTrain.rows, test: xTest.rows };
  const trainLabels = options.shuffleTrainingLabels === undefined ? labelled.trainLabels : seededShuffle(labelled.trainLabels, options.shuffleTrainingLabels);
  const trainPositives = trainLabels.reduce((s, y) => s + y, 0);
  const testPositives = testLabels.reduce((s, y) => s + y, 0);
  if (testPositives === 0 || testPositives === testLabels.length) {
    throw new UserError(
      `the held-out dates ${testRange[0]} .. ${testRange[1]} have a single class (${testPositives} churners in ${testLabels.length} rows): AUC is undefined`,
      ExitCode.checkFailed,
      'use a larger scale so that the held-out months contain churners',
    );
  }
  // Down-sampling is undone by weighting: each kept row stands for 1 / (kept share of its class)
  // population rows, so every fit estimates the population's model, probabilities included.
  const positiveKeptFraction = Math.min(1, trainPositives / Math.max(1, allTrainPositives));
  const negativeKeptFraction = Math.min(1, (trainLabels.length - trainPositives) / Math.max(1, allTrainNegatives));
  const l2 = options.l2 ?? DEFAULT_L2;
  const fit = (x: DesignMatrix, labels: number[]) => {
    const model = trainLogistic(x, labels, { l2, rowWeights: classWeights(labels, positiveKeptFraction, negativeKeptFraction), signal: options.signal });
    return { model, weights: model.weights };
  };
  // The threshold with the best F1 on the training rows, each row counted as the rows it stands for.
  const chooseThreshold = (labels: number[], probabilities: Float64Array) =>
    bestF1Threshold(labels, probabilities, 1 / negativeKeptFraction, 1 / positiveKeptFraction);

  // Shuffled-label controls: a uniform sample of the training dates the size of the training
  // set, with as many churned labels as it has, placed at random; same design, same evaluation.
  // They run beside the model's training and bootstrap (./shuffled-controls.ts).
  checkAbort();
  const controls = startShuffledControls(
    {
      control: { rows: xControl.rows, columns: xControl.columns, flat: xControl.flat },
      test: { rows: xTest.rows, columns: xTest.columns, flat: xTest.flat },
      testLabels,
      positives: trainPositives,
      positiveKeptFraction,
      negativeKeptFraction,
      l2,
      seed,
      fits: shuffledFits,
    },
    (j) => progress(0.3 + 0.5 * (j / shuffledFits), `shuffled-label control ${j + 1}/${shuffledFits}`),
    options.signal,
  );
  let evaluateStarted = 0;
  const trained = (() => {
    try {
      const { model, weights } = fit(xTrain, trainLabels);
      const threshold = chooseThreshold(trainLabels, predictProbabilities(xTrain, weights));
      const testProbabilities = predictProbabilities(xTest, weights);

      // The baseline: the same training rows, one feature.
      const baselineColumns = [0, design.findIndex((c) => c.name === spec.baseline.feature)];
      const baselineTrain = xTrain.selectColumns(baselineColumns);
      const baselineFit = fit(baselineTrain, trainLabels);
      const baselineThreshold = chooseThreshold(trainLabels, predictProbabilities(baselineTrain, baselineFit.weights));
      const baselineProbabilities = predictProbabilities(xTest.selectColumns(baselineColumns), baselineFit.weights);
      evaluateStarted = performance.now();

      // Every held-out metric of both, the bootstrap intervals included.
      progress(0.85, 'evaluating on every held-out row');
      const modelOrder = orderByScoreDesc(testProbabilities);
      const baselineOrder = orderByScoreDesc(baselineProbabilities);
      const bootstrap = bootstrapAucIntervals(testLabels, [testProbabilities, baselineProbabilities], groups, {
        replicates: BOOTSTRAP_REPLICATES,
        seed,
        ordersDesc: [modelOrder, baselineOrder],
      });
      const interval = (k: number) => ({ ...bootstrap.intervals[k]!, replicates: bootstrap.replicates });
      const modelMetrics = evaluate(testLabels, testProbabilities, modelOrder, threshold, interval(0));
      const baselineMetrics = {
        feature: spec.baseline.feature,
        ...evaluate(testLabels, baselineProbabilities, baselineOrder, baselineThreshold, interval(1)),
      };
      const gainOverBaseline = {
        value: round(modelMetrics.auc - baselineMetrics.auc),
        low: round(bootstrap.difference!.low),
        high: round(bootstrap.difference!.high),
      };
      return { model, weights, threshold, modelMetrics, baselineMetrics, gainOverBaseline };
    } catch (err) {
      controls.stop();
      throw err;
    }
  })();
  const { model, weights, threshold } = trained;
  const trainSeconds = (evaluateStarted - trainStarted) / 1000;

  const control = await controls.results;
  const sortedAucs = control.aucs.slice().sort((a, b) => a - b);
  const median = (values: number[]) =>
    round(
      quantileSorted(
        values.slice().sort((a, b) => a - b),
        0.5,
      ),
    );
  const shuffled: ShuffledControl = {
    fits: shuffledFits,
    aucs: sortedAucs,
    min: sortedAucs[0] ?? Number.NaN,
    median: shuffledFits > 0 ? median(sortedAucs) : Number.NaN,
    p95: shuffledFits > 0 ? round(quantileSorted(sortedAucs, 0.95)) : Number.NaN,
    max: sortedAucs.at(-1) ?? Number.NaN,
    prAucMedian: shuffledFits > 0 ? median(control.prAucs) : Number.NaN,
    brierMedian: shuffledFits > 0 ? median(control.briers) : Number.NaN,
  };
  const metrics: ChurnMetrics = {
    model: trained.modelMetrics,
    baseline: trained.baselineMetrics,
    gainOverBaseline: trained.gainOverBaseline,
    shuffled,
    baseRate: round(testPositives / testLabels.length),
    // Churn rate of the training dates in the population (before down-sampling).
    trainBaseRate: round(allTrainPositives / allTrainRows),
    logLossCurve: model.logLossCurve.map((p) => ({ iteration: p.iteration, logLoss: round(p.logLoss) })),
  };
  const evaluateSeconds = (performance.now() - evaluateStarted) / 1000;
  const gate = judgeGate(metrics.model.auc, metrics.baseline.auc, shuffled, spec.gate, minAuc);

  const data: ChurnTrainingReport['data'] = {
    labelledRows,
    positiveEvery,
    negativeEvery,
    positiveKeptFraction: round(positiveKeptFraction),
    negativeKeptFraction: round(negativeKeptFraction),
    allTrainRows,
    allTrainPositives,
    trainRows: rowCounts.train,
    trainPositives,
    testRows: rowCounts.test,
    testPositives,
    testCustomers: customers,
    trainCutoffs: trainRange,
    testCutoffs: testRange,
    perCutoff: summary.map((c) => ({ cutoff: c.cutoff, rows: c.rows, churned: c.churned, rate: round(c.churned / Math.max(1, c.rows)) })),
  };
  // The version names the model, the data it came from and the bar it was judged by, not the clock.
  const fingerprint = JSON.stringify({ design, weights, threshold, seed, data, minAuc, shuffleTrainingLabels: options.shuffleTrainingLabels ?? null });
  const modelVersion = `churn-${crypto.createHash('sha256').update(fingerprint).digest('hex').slice(0, 12)}`;

  const importance: FeatureImportance[] = design
    .map((c, k) => ({ feature: c.name, coefficient: round(weights[k]!) }))
    .filter((f) => f.feature !== '(intercept)')
    .sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient) || (a.feature < b.feature ? -1 : 1));

  checkAbort();
  const publish = gate.passed ? spec.publish : null;
  const trainedAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
  await ensureChurnTables(backend, spec);
  for (const required of publish?.requires ?? []) {
    if (!(await relationExists(backend, required))) {
      throw new UserError(`${required} does not exist (the modelled layer predates it)`, ExitCode.badInput, 'rebuild the models: c360-demo dbt build');
    }
  }
  const registryInsert = () => {
    const lift10 = metrics.model.top.find((t) => t.share === 0.1)?.lift ?? 0;
    const registryColumns: [string, string][] = [
      ['model_version', sqlLiteral(backend, modelVersion)],
      ['trained_at', `cast(${sqlLiteral(backend, trainedAt)} as timestamp)`],
      ['backend', sqlLiteral(backend, backend.kind)],
      ['features', sqlLiteral(backend, JSON.stringify({ numeric: spec.numeric, categorical: spec.categorical, design: design.map((c) => c.name) }))],
      [
        'coefficients',
        sqlLiteral(
          backend,
          JSON.stringify({
            design,
            weights,
            threshold,
            riskTierShares: spec.publish?.riskTiers ?? null,
            activeDays: spec.publish?.activeDays ?? null,
            training: { method: 'newton', l2: model.l2 },
          }),
        ),
      ],
      ['metrics', sqlLiteral(backend, JSON.stringify({ ...metrics, importance, data, gate }))],
      ['deployed', gate.passed ? 'true' : 'false'],
      ['gate_reason', sqlLiteral(backend, gate.reason)],
      ['gate_verdict', sqlLiteral(backend, gate.passed ? 'deployed' : 'refused')],
      ['heldout_auc', String(metrics.model.auc)],
      ['heldout_auc_ci_low', String(metrics.model.aucInterval.low)],
      ['heldout_auc_ci_high', String(metrics.model.aucInterval.high)],
      ['baseline_auc', String(metrics.baseline.auc)],
      ['auc_gain_over_baseline', String(gate.checks[1]!.value)],
      ['shuffled_auc_p95', Number.isFinite(shuffled.p95) ? String(shuffled.p95) : 'null'],
      ['shuffled_fits', String(shuffledFits)],
      ['heldout_pr_auc', String(metrics.model.prAuc)],
      ['heldout_brier', String(metrics.model.brier)],
      ['threshold', String(threshold)],
      ['precision_at_threshold', String(metrics.model.precision)],
      ['recall_at_threshold', String(metrics.model.recall)],
      ['lift_top_10pct', String(lift10)],
      ['train_base_rate', String(metrics.trainBaseRate)],
      ['heldout_base_rate', String(metrics.baseRate)],
      ['heldout_rows', String(rowCounts.test)],
    ];
    return `insert into ${spec.tables.registry} (${registryColumns.map(([name]) => name).join(', ')}) values (${registryColumns.map(([, value]) => value).join(', ')})`;
  };
  const publishStarted = performance.now();
  progress(0.9, gate.passed ? 'publishing the at-risk list' : 'recording the refused model');
  await backend.transaction(async () => {
    if (publish) {
      await backend.execute(
        render(spec, publish.sql, {
          linear_score: linearScoreSql(design, weights),
          contributions: contributionSql(design, weights),
          active_days: publish.activeDays,
          high_share: publish.riskTiers.high,
          medium_share: publish.riskTiers.medium,
          high_percent: String(Math.round(publish.riskTiers.high * 100)),
          medium_percent: String(Math.round((publish.riskTiers.medium - publish.riskTiers.high) * 100)),
          model_version: modelVersion,
          scored_at: trainedAt,
        }),
      );
    }
    await backend.execute(registryInsert());
  });
  let predictions: ChurnTrainingReport['predictions'] = null;
  if (publish) {
    const tiers = await backend.query(`select risk_tier, count(*) as n, min(churn_probability) as lowest from ${spec.tables.predictions} group by risk_tier`);
    const counts = { High: 0, Medium: 0, Low: 0 };
    const lowest = { High: 0, Medium: 0, Low: 0 };
    for (const r of tiers.rows) {
      const tier = String(col(r, 'risk_tier')) as keyof typeof counts;
      counts[tier] = Number(col(r, 'n'));
      lowest[tier] = round(Number(col(r, 'lowest')));
    }
    predictions = {
      rows: counts.High + counts.Medium + counts.Low,
      tiers: counts,
      tierCutoffs: { high: lowest.High, medium: lowest.Medium },
      activeDays: publish.activeDays,
    };
  }
  // A pack that scores on its own schedule has no scores from this model yet.
  const activeModelVersion = publish ? modelVersion : await activePredictionsVersion(backend, spec);
  const publishSeconds = (performance.now() - publishStarted) / 1000;
  progress(1, gate.reason);

  return {
    modelVersion,
    trainedAt,
    backend: backend.kind,
    definition: spec.definition,
    deployed: gate.passed,
    gate: { ...gate, minAuc },
    activeModelVersion,
    tables: spec.tables,
    data,
    training: { method: 'logistic regression, Newton/IRLS', l2: model.l2, iterations: model.iterations, converged: model.converged, seed },
    metrics,
    importance,
    design,
    coefficients: weights,
    predictions,
    timings: {
      loadSeconds: round(loadSeconds, 3),
      trainSeconds: round(trainSeconds, 3),
      evaluateSeconds: round(evaluateSeconds, 3),
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
  features: { numeric: NumericFeature[]; categorical: string[]; design: string[] };
  /** riskTierShares and activeDays: how the pack published this model's scores at training time (null: it does not). */
  coefficients: {
    design: DesignColumn[];
    weights: number[];
    threshold: number;
    riskTierShares: { high: number; medium: number } | null;
    activeDays: number | null;
  };
  metrics: ChurnMetrics & {
    importance: FeatureImportance[];
    data: ChurnTrainingReport['data'];
    gate: { passed: boolean; checks: GateCheck[]; reason: string };
  };
  /** The model whose scores are in the pack's predictions table (may be an older, deployed one). */
  activeModelVersion: string | null;
  definition: string;
}

/** The latest training run from the registry (deployed or refused), or null when none has run. For the presenter. */
export async function loadLatestChurnReport(backend: Backend, spec: ChurnModelSpec = loadChurnModel(backend.pack)): Promise<ChurnRegistryEntry | null> {
  if (!(await relationExists(backend, spec.tables.registry))) return null;
  const result = await backend.query(
    `select model_version, cast(trained_at as varchar) as trained_at, features, coefficients, metrics, deployed, gate_reason
     from ${spec.tables.registry} order by trained_at desc, model_version limit 1`,
  );
  const row = result.rows[0];
  if (!row) return null;
  const parse = (v: Row[string]): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
  const metrics = parse(col(row, 'metrics')) as Partial<ChurnRegistryEntry['metrics']> | null;
  // A row written before the held-out evaluation had its current shape cannot be shown.
  if (!metrics?.model) return null;
  return {
    modelVersion: String(col(row, 'model_version')),
    trainedAt: String(col(row, 'trained_at')),
    deployed: col(row, 'deployed') === true || String(col(row, 'deployed')).toLowerCase() === 'true',
    gateReason: String(col(row, 'gate_reason') ?? ''),
    features: parse(col(row, 'features')) as ChurnRegistryEntry['features'],
    coefficients: parse(col(row, 'coefficients')) as ChurnRegistryEntry['coefficients'],
    metrics: metrics as ChurnRegistryEntry['metrics'],
    activeModelVersion: await activePredictionsVersion(backend, spec),
    definition: spec.definition,
  };
}

export interface ScoringReport {
  /** The day scored (YYYY-MM-DD): its scores replaced whatever that day held. */
  scoreDate: string;
  modelVersion: string;
  rows: number;
  tiers: Record<'High' | 'Medium' | 'Low', number>;
  /** The fixed probability cut-offs of High and Medium. */
  cutoffs: { high: number; medium: number };
  /** Score dates the table holds after this run (history by day). */
  daysKept: number;
  table: string;
}

/** The latest deployed model in the registry (null: none has passed the gate yet). */
export async function loadDeployedModel(
  backend: Backend,
  spec: ChurnModelSpec = loadChurnModel(backend.pack),
): Promise<{ modelVersion: string; design: DesignColumn[]; weights: number[] } | null> {
  if (!(await relationExists(backend, spec.tables.registry))) return null;
  const row = (
    await backend.query(`select model_version, coefficients from ${spec.tables.registry} where deployed order by trained_at desc, model_version limit 1`)
  ).rows[0];
  if (!row) return null;
  const raw = col(row, 'coefficients');
  const coefficients = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { design: DesignColumn[]; weights: number[] };
  return { modelVersion: String(col(row, 'model_version')), design: coefficients.design, weights: coefficients.weights };
}

/**
 * One day of scores with the latest deployed model, for a pack that scores on its own schedule
 * (model.yaml `scoring`): the day's rows are replaced, other days stay. Null when no model has
 * been deployed yet (nothing is written). `scoreDate` defaults to the pack's "today".
 */
export async function scoreWithDeployedModel(
  backend: Backend,
  options: { scoreDate?: string; model?: ChurnModelSpec; signal?: AbortSignal } = {},
): Promise<ScoringReport | null> {
  const spec = options.model ?? loadChurnModel(backend.pack);
  const scoring = spec.scoring;
  if (!scoring) throw new Error(`the ${spec.pack} pack's churn model has no daily scoring (local-ml/${spec.pack}/model.yaml)`);
  await ensureChurnTables(backend, spec);
  const deployed = await loadDeployedModel(backend, spec);
  if (!deployed) return null;
  let scoreDate = options.scoreDate;
  if (scoreDate === undefined) {
    const row = (await backend.query(render(spec, scoring.scoreDateSql), { signal: options.signal })).rows[0] ?? {};
    const value = col(row, 'score_date');
    if (value === null) throw new UserError('no modelled data to score yet', ExitCode.badInput, 'run `c360-demo pipeline` (or `c360-demo dbt build`) first');
    scoreDate = String(value).slice(0, 10);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(scoreDate)) throw new UserError(`a score date is YYYY-MM-DD, got "${scoreDate}"`);
  const scoredAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
  await backend.transaction(async () => {
    await backend.execute(
      render(spec, scoring.sql, {
        score_date: scoreDate,
        linear_score: linearScoreSql(deployed.design, deployed.weights),
        high: scoring.riskTiers.high,
        medium: scoring.riskTiers.medium,
        model_version: deployed.modelVersion,
        scored_at: scoredAt,
      }),
    );
  });
  const table = spec.tables.predictions;
  const tiers = { High: 0, Medium: 0, Low: 0 };
  for (const r of (await backend.query(`select risk_tier, count(*) as n from ${table} where score_date = cast('${scoreDate}' as date) group by risk_tier`))
    .rows) {
    tiers[String(col(r, 'risk_tier')) as keyof typeof tiers] = Number(col(r, 'n'));
  }
  const days = Number(col((await backend.query(`select count(distinct score_date) as n from ${table}`)).rows[0] ?? {}, 'n'));
  return {
    scoreDate,
    modelVersion: deployed.modelVersion,
    rows: tiers.High + tiers.Medium + tiers.Low,
    tiers,
    cutoffs: scoring.riskTiers,
    daysKept: days,
    table,
  };
}
