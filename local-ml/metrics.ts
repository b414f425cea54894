/**
 * Held-out evaluation for a binary classifier: ROC AUC two independent ways, the ROC curve,
 * confusion matrix and precision/recall/F1 at a threshold, log-loss. Pure functions, no I/O.
 * Labels are 0/1, scores are probabilities of class 1.
 */

export interface RocPoint {
  /** Scores >= threshold are called positive. */
  threshold: number;
  fpr: number;
  tpr: number;
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface ThresholdMetrics {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  confusion: Confusion;
}

function checkInputs(labels: ArrayLike<number>, scores: ArrayLike<number>): { positives: number; negatives: number } {
  if (labels.length !== scores.length) throw new Error(`labels (${labels.length}) and scores (${scores.length}) differ in length`);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (y !== 0 && y !== 1) throw new Error(`label ${i} is ${y}, expected 0 or 1`);
    positives += y;
  }
  return { positives, negatives: labels.length - positives };
}

/** Indices sorted by score descending; ties broken by index so the order is deterministic. */
export function orderByScoreDesc(scores: ArrayLike<number>): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order;
}

/**
 * The full ROC curve: one point per distinct score (tied scores move together, diagonally),
 * from (0,0) to (1,1).
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, order: number[] = orderByScoreDesc(scores)): RocPoint[] {
  const { positives, negatives } = checkInputs(labels, scores);
  if (positives === 0 || negatives === 0) throw new Error('ROC needs both classes');
  // The first point calls nothing positive (threshold above any probability).
  const points: RocPoint[] = [{ threshold: 1.000001, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (labels[i] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) {
      points.push({ threshold: scores[i]!, fpr: fp / negatives, tpr: tp / positives });
    }
  }
  return points;
}

/** AUC as the area under the ROC curve by the trapezoid rule. */
export function aucTrapezoid(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const points = rocCurve(labels, scores);
  let area = 0;
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1]!;
    const b = points[k]!;
    area += ((b.fpr - a.fpr) * (a.tpr + b.tpr)) / 2;
  }
  return area;
}

/**
 * AUC as the Mann-Whitney U statistic: the probability that a random positive scores above a
 * random negative (ties count one half), from average ranks. Independent of the ROC code above.
 */
export function aucRank(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { positives, negatives } = checkInputs(labels, scores);
  if (positives === 0 || negatives === 0) throw new Error('AUC needs both classes');
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[a]! - scores[b]! || a - b);
  let rankSumPositives = 0;
  let k = 0;
  while (k < order.length) {
    let end = k;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[k]!]) end++;
    // Ranks are 1-based; a tie group shares the average of its ranks.
    const averageRank = (k + 1 + end + 1) / 2;
    for (let j = k; j <= end; j++) if (labels[order[j]!] === 1) rankSumPositives += averageRank;
    k = end + 1;
  }
  const u = rankSumPositives - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}

export function confusionAt(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold: number): Confusion {
  checkInputs(labels, scores);
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const predicted = scores[i]! >= threshold;
    if (labels[i] === 1) {
      if (predicted) c.tp++;
      else c.fn++;
    } else if (predicted) c.fp++;
    else c.tn++;
  }
  return c;
}

/** `negativeWeight` / `positiveWeight`: how many population rows each label-0 / label-1 row stands for (down-sampling). */
export function metricsAt(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold: number, negativeWeight = 1, positiveWeight = 1): ThresholdMetrics {
  const confusion = confusionAt(labels, scores, threshold);
  const tp = confusion.tp * positiveWeight;
  const fn = confusion.fn * positiveWeight;
  const fp = confusion.fp * negativeWeight;
  const tn = confusion.tn * negativeWeight;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, precision, recall, f1, accuracy: (tp + tn) / Math.max(1, tp + fn + fp + tn), confusion };
}

/**
 * The threshold with the best F1 on the given (training) rows, from a fixed grid 0.01..0.99 so the
 * choice is deterministic and readable. Ties go to the lower threshold.
 */
export function bestF1Threshold(labels: ArrayLike<number>, scores: ArrayLike<number>, negativeWeight = 1, positiveWeight = 1): number {
  let best = 0.5;
  let bestF1 = -1;
  for (let t = 1; t <= 99; t++) {
    const threshold = t / 100;
    const { f1 } = metricsAt(labels, scores, threshold, negativeWeight, positiveWeight);
    if (f1 > bestF1 + 1e-12) {
      bestF1 = f1;
      best = threshold;
    }
  }
  return best;
}

/** Mean binary cross-entropy, probabilities clamped away from 0 and 1. */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  checkInputs(labels, probabilities);
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probabilities[i]!));
    total += labels[i] === 1 ? -Math.log(p) : -Math.log(1 - p);
  }
  return total / Math.max(1, labels.length);
}

/** Log-loss straight from linear scores (log-sum-exp form, no overflow). */
export function logLossFromScores(labels: ArrayLike<number>, linearScores: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const s = linearScores[i]!;
    // -log sigmoid(s) for y = 1, -log(1 - sigmoid(s)) = -log sigmoid(-s) for y = 0.
    const z = labels[i] === 1 ? s : -s;
    total += z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
  }
  return total / Math.max(1, labels.length);
}

/** At most `max` ROC points, evenly spaced along the curve, first and last kept (for the TUI and the registry). */
export function thinRoc(points: RocPoint[], max = 101): RocPoint[] {
  if (points.length <= max) return points;
  const out: RocPoint[] = [];
  for (let k = 0; k < max; k++) out.push(points[Math.round((k * (points.length - 1)) / (max - 1))]!);
  return out;
}

/**
 * A seeded pseudo-random generator (mulberry32): uniform numbers in [0, 1). The bootstrap and the
 * label shuffles use it so that the same seed gives the same numbers byte for byte.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Fisher-Yates permutation of `values` driven by `seed`. */
export function seededShuffle<T>(values: ArrayLike<T>, seed: number): T[] {
  const out = Array.from(values);
  const next = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The q-quantile of ascending `sorted` values, linear between order statistics (R's type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new Error('quantile of nothing');
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Area under the precision-recall curve as average precision: the precision at each distinct
 * score (tied scores move together) weighted by the recall it adds. Scikit-learn's definition.
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { positives } = checkInputs(labels, scores);
  if (positives === 0) throw new Error('average precision needs positives');
  const order = orderByScoreDesc(scores);
  let tp = 0;
  let seen = 0;
  let area = 0;
  let previousRecall = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    seen++;
    tp += labels[i]!;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) {
      const recall = tp / positives;
      area += (recall - previousRecall) * (tp / seen);
      previousRecall = recall;
    }
  }
  return area;
}

/** Mean squared difference between probability and outcome. */
export function brierScore(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  checkInputs(labels, probabilities);
  let total = 0;
  for (let i = 0; i < labels.length; i++) total += (probabilities[i]! - labels[i]!) ** 2;
  return total / Math.max(1, labels.length);
}

export interface TopShare {
  /** Share of rows called (0.01 = the top 1% of scores). */
  share: number;
  rows: number;
  churners: number;
  /** Churners among the called rows (precision@k). */
  precision: number;
  /** precision / base rate. */
  lift: number;
  /** Share of all churners that the called rows hold (recall@k). */
  captured: number;
}

/**
 * Precision, lift and captured churners when calling the top `share` of rows by score. Rows are
 * ranked by score, ties in the given row order, and the top ceil(share * N) are called.
 */
export function topShares(labels: ArrayLike<number>, scores: ArrayLike<number>, shares: number[], order: number[] = orderByScoreDesc(scores)): TopShare[] {
  const { positives } = checkInputs(labels, scores);
  const baseRate = positives / Math.max(1, labels.length);
  return shares.map((share) => {
    const rows = Math.max(1, Math.ceil(share * labels.length));
    let churners = 0;
    for (let k = 0; k < rows; k++) churners += labels[order[k]!]!;
    const precision = churners / rows;
    return { share, rows, churners, precision, lift: baseRate > 0 ? precision / baseRate : 0, captured: positives > 0 ? churners / positives : 0 };
  });
}

export interface CalibrationBin {
  bin: number;
  rows: number;
  meanPredicted: number;
  observedRate: number;
  minScore: number;
  maxScore: number;
}

/** Calibration table: rows ranked by score into `bins` equal-count groups (lowest scores first). */
export function calibrationTable(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  bins = 10,
  orderDesc: number[] = orderByScoreDesc(probabilities),
): CalibrationBin[] {
  checkInputs(labels, probabilities);
  const order = orderDesc.slice().reverse();
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * order.length) / bins);
    const to = Math.floor(((b + 1) * order.length) / bins);
    if (to <= from) continue;
    let predicted = 0;
    let observed = 0;
    for (let k = from; k < to; k++) {
      predicted += probabilities[order[k]!]!;
      observed += labels[order[k]!]!;
    }
    out.push({
      bin: b + 1,
      rows: to - from,
      meanPredicted: predicted / (to - from),
      observedRate: observed / (to - from),
      minScore: probabilities[order[from]!]!,
      maxScore: probabilities[order[to - 1]!]!,
    });
  }
  return out;
}

/**
 * One scorer's held-out rows as the bootstrap reads them: the negatives' customers in ascending
 * score order, and per group of equal scores that holds positives, those positives' customers and
 * how many negatives score below the group (`below`) and up to its end (`through`).
 */
interface RankedRows {
  negativeGroups: Int32Array;
  /** Tie group t's positives are positiveGroups[positiveStart[t] .. positiveStart[t + 1]). */
  positiveGroups: Int32Array;
  positiveStart: Int32Array;
  below: Int32Array;
  through: Int32Array;
}

function rankRows(labels: ArrayLike<number>, scores: ArrayLike<number>, groups: ArrayLike<number>, ascending: number[]): RankedRows {
  const negativeGroups: number[] = [];
  const positiveGroups: number[] = [];
  const positiveStart: number[] = [0];
  const below: number[] = [];
  const through: number[] = [];
  let k = 0;
  while (k < ascending.length) {
    const first = negativeGroups.length;
    const positivesBefore = positiveGroups.length;
    let end = k;
    while (end < ascending.length && scores[ascending[end]!] === scores[ascending[k]!]) {
      const i = ascending[end]!;
      if (labels[i] === 1) positiveGroups.push(groups[i]!);
      else negativeGroups.push(groups[i]!);
      end++;
    }
    if (positiveGroups.length > positivesBefore) {
      positiveStart.push(positiveGroups.length);
      below.push(first);
      through.push(negativeGroups.length);
    }
    k = end;
  }
  return {
    negativeGroups: Int32Array.from(negativeGroups),
    positiveGroups: Int32Array.from(positiveGroups),
    positiveStart: Int32Array.from(positiveStart),
    below: Int32Array.from(below),
    through: Int32Array.from(through),
  };
}

/**
 * Mann-Whitney AUC (ties count one half) with every row counted counts[its customer] times. A
 * plain function over typed arrays: it runs once per bootstrap replicate and scorer. One pass over
 * the negatives, summing their counts, stopping at each tie group that holds positives; the sums
 * are exact integers, so the result does not depend on the order they are added in.
 */
function weightedAuc(rows: RankedRows, counts: Uint8Array): number {
  const { negativeGroups, positiveGroups, positiveStart, below, through } = rows;
  let negatives = 0;
  let next = 0;
  let positives = 0;
  let u2 = 0;
  for (let t = 0; t < below.length; t++) {
    const stop = below[t]!;
    while (next < stop) negatives += counts[negativeGroups[next++]!]!;
    const negativesBelow = negatives;
    const tiedEnd = through[t]!;
    while (next < tiedEnd) negatives += counts[negativeGroups[next++]!]!;
    let tiedPositives = 0;
    for (let p = positiveStart[t]!; p < positiveStart[t + 1]!; p++) tiedPositives += counts[positiveGroups[p]!]!;
    u2 += tiedPositives * (2 * negativesBelow + (negatives - negativesBelow));
    positives += tiedPositives;
  }
  const n = negativeGroups.length;
  while (next < n) negatives += counts[negativeGroups[next++]!]!;
  return positives > 0 && negatives > 0 ? u2 / (2 * positives * negatives) : Number.NaN;
}

/**
 * 95% percentile intervals for the ROC AUC of several scorers on the same rows, and for the
 * difference between the first two, bootstrapping whole customers (a customer's rows stay
 * together: they are not independent). `groups[i]` is row i's customer, numbered 0..G-1.
 * Each replicate draws G customers with replacement - the same draw for every scorer, so the
 * difference is paired - and computes each AUC as the Mann-Whitney statistic with every row
 * counted as often as its customer was drawn, in one pass over the rows ranked once per scorer.
 * Deterministic for a given seed.
 */
export function bootstrapAucIntervals(
  labels: ArrayLike<number>,
  scorers: ArrayLike<number>[],
  groups: ArrayLike<number>,
  options: { replicates: number; seed: number; level?: number; ordersDesc?: number[][] },
): { intervals: { low: number; high: number }[]; difference: { low: number; high: number } | null; replicates: number } {
  let groupCount = 0;
  for (let i = 0; i < groups.length; i++) groupCount = Math.max(groupCount, groups[i]! + 1);
  // Per scorer: the rows in ascending score order, as weightedAuc reads them.
  const sorted = scorers.map((scores, s) => {
    checkInputs(labels, scores);
    // Ascending by score; the order inside a tie group does not matter here.
    const order = options.ordersDesc?.[s]?.slice().reverse() ?? orderByScoreDesc(scores).reverse();
    return rankRows(labels, scores, groups, order);
  });
  const next = seededRandom(options.seed);
  // How often the replicate drew each customer: a byte each keeps the table in cache (a customer
  // drawn more than 255 times out of thousands does not happen; the sums are exact integers).
  const counts = new Uint8Array(groupCount);
  const aucs = scorers.map(() => [] as number[]);
  const differences: number[] = [];
  for (let r = 0; r < options.replicates; r++) {
    counts.fill(0);
    for (let g = 0; g < groupCount; g++) counts[Math.floor(next() * groupCount)]! += 1;
    const replicate = sorted.map((rows) => weightedAuc(rows, counts));
    if (replicate.some((a) => Number.isNaN(a))) continue;
    replicate.forEach((a, s) => aucs[s]!.push(a));
    if (replicate.length >= 2) differences.push(replicate[0]! - replicate[1]!);
  }
  const alpha = (1 - (options.level ?? 0.95)) / 2;
  const interval = (values: number[]) => {
    const v = values.slice().sort((a, c) => a - c);
    return { low: quantileSorted(v, alpha), high: quantileSorted(v, 1 - alpha) };
  };
  return {
    intervals: aucs.map(interval),
    difference: differences.length > 0 ? interval(differences) : null,
    replicates: aucs[0]?.length ?? 0,
  };
}

/** Brier score straight from linear scores (probability = sigmoid(score)), without an array of probabilities. */
export function brierFromScores(labels: ArrayLike<number>, linearScores: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const s = linearScores[i]!;
    const p = s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
    total += (p - labels[i]!) ** 2;
  }
  return total / Math.max(1, labels.length);
}

/**
 * ROC AUC (Mann-Whitney, ties count one half) and average precision in one pass over the two
 * classes' scores, each sorted natively as a typed array: the fast path for the many scorers a
 * run evaluates (equal to aucRank and averagePrecision, which the tests check).
 */
export function aucAndAveragePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): { auc: number; averagePrecision: number } {
  const { positives, negatives } = checkInputs(labels, scores);
  if (positives === 0 || negatives === 0) throw new Error('AUC needs both classes');
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) pos[p++] = scores[i]!;
    else neg[q++] = scores[i]!;
  }
  pos.sort();
  neg.sort();
  // AUC: for each positive, the negatives below it plus half of those tied with it.
  let u = 0;
  let below = 0;
  let tiedEnd = 0;
  for (let i = 0; i < positives; i++) {
    const x = pos[i]!;
    while (below < negatives && neg[below]! < x) below++;
    if (tiedEnd < below) tiedEnd = below;
    while (tiedEnd < negatives && neg[tiedEnd] === x) tiedEnd++;
    u += below + (tiedEnd - below) / 2;
  }
  // Average precision: walk the distinct scores from the top, tied scores together.
  let i = positives - 1;
  let j = negatives - 1;
  let tp = 0;
  let fp = 0;
  let area = 0;
  while (i >= 0 || j >= 0) {
    const s = Math.max(i >= 0 ? pos[i]! : -Infinity, j >= 0 ? neg[j]! : -Infinity);
    let groupPositives = 0;
    while (i >= 0 && pos[i] === s) {
      groupPositives++;
      i--;
    }
    while (j >= 0 && neg[j] === s) {
      fp++;
      j--;
    }
    tp += groupPositives;
    if (groupPositives > 0) area += (groupPositives / positives) * (tp / (tp + fp));
  }
  return { auc: u / (positives * negatives), averagePrecision: area };
}
