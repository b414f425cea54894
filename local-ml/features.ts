/**
 * The churn model's inputs: which columns of GOLD.FCT_CHURN_TRAINING it reads, how each is
 * transformed, and the design matrix (standardised numerics, one-hot categoricals, an intercept).
 * The same description renders the SQL scoring expression, so training (here) and scoring (in the
 * warehouse) cannot drift apart.
 */
import { mean, standardDeviation } from 'simple-statistics';
import type { Row } from '../src/backends/backend.js';

export type Transform = 'log1p' | 'none';

export interface NumericFeature {
  column: string;
  transform: Transform;
  description: string;
}

/** Merchant categories and the suffix of their share column (share_<suffix>_1m), as in dbt/models/ml/fct_churn_training.sql. */
const CATEGORY_SHARES: readonly [string, string][] = [
  ['Travel', 'travel'],
  ['Dining', 'dining'],
  ['Grocery', 'grocery'],
  ['Gas', 'gas'],
  ['Retail', 'retail'],
  ['Entertainment', 'entertainment'],
  ['Utilities', 'utilities'],
  ['Healthcare', 'healthcare'],
  ['Home Improvement', 'home_improvement'],
  ['Digital Services', 'digital_services'],
];

/** Numeric columns of FCT_CHURN_TRAINING the model uses (see docs/churn.md for each). */
export const NUMERIC_FEATURES: readonly NumericFeature[] = [
  { column: 'tx_count_1m', transform: 'log1p', description: 'approved transactions in the calendar month (~30 days) before the cutoff' },
  { column: 'tx_count_3m', transform: 'log1p', description: 'approved transactions in the three months (~90 days) before the cutoff' },
  { column: 'days_since_last_tx', transform: 'none', description: 'days since the last approved transaction (93 = none in three months)' },
  { column: 'avg_amount_3m', transform: 'log1p', description: 'average approved amount, three months' },
  { column: 'spend_trend_1m_3m', transform: 'none', description: 'spend trend: last month against the three-month monthly rate (1 = steady)' },
  { column: 'spend_trend_2m_3m', transform: 'none', description: 'spend trend: last two months (~60 days) against the three-month rate (1 = steady)' },
  { column: 'spend_trend_1m_2m', transform: 'none', description: 'spend trend: last month against the two-month monthly rate (1 = steady)' },
  { column: 'decline_rate_3m', transform: 'none', description: 'share of declined attempts, three months' },
  { column: 'credit_utilisation_1m', transform: 'none', description: "last month's spend over the credit limit in force at the cutoff" },
  { column: 'tenure_days', transform: 'log1p', description: 'days since the account opened' },
  { column: 'avg_amount_1m', transform: 'log1p', description: 'average approved amount, last month' },
  { column: 'category_count_1m', transform: 'none', description: 'distinct merchant categories last month' },
  { column: 'decline_rate_1m', transform: 'none', description: 'share of declined attempts, last month' },
  { column: 'online_share_1m', transform: 'none', description: "share of last month's purchases made online" },
  { column: 'online_share_shift', transform: 'none', description: 'channel mix shift: that share minus the same share in the two months before' },
  { column: 'mobile_share_1m', transform: 'none', description: "share of last month's purchases made on mobile" },
  { column: 'mobile_share_shift', transform: 'none', description: 'channel mix shift: that share minus the same share in the two months before' },
  {
    column: 'discretionary_share_shift',
    transform: 'none',
    description: 'category mix shift: share of purchases outside groceries, gas, utilities, healthcare, last month minus the two months before',
  },
  ...CATEGORY_SHARES.map(([category, suffix]) => ({
    column: `share_${suffix}_1m`,
    transform: 'none' as const,
    description: `category mix: share of last month's purchases in ${category}`,
  })),
  ...CATEGORY_SHARES.map(([category, suffix]) => ({
    column: `share_${suffix}_shift`,
    transform: 'none' as const,
    description: `category mix shift: that ${category} share minus the same share in the two months before`,
  })),
];

/** Categorical columns, one-hot encoded over the levels seen in training (sorted). */
export const CATEGORICAL_FEATURES: readonly string[] = ['card_type'];

/**
 * Columns only the data generator knows (its ground truth: who was made to churn, and how).
 * A bank has no such columns, so none of them may ever be a feature.
 */
export const GENERATOR_ONLY_COLUMNS: readonly string[] = ['customer_segment', 'decline_type'];

/** Every input column of the model, in design order: numeric, then categorical. */
export function featureColumns(): string[] {
  return [...NUMERIC_FEATURES.map((f) => f.column), ...CATEGORICAL_FEATURES];
}

/** The recency-only baseline: one feature. */
export const BASELINE_FEATURE = 'days_since_last_tx';

export interface FeatureRow {
  customerId: string;
  cutoffDate: string;
  /** 0 stayed, 1 churned; null on scoring rows. */
  label: number | null;
  numeric: number[];
  categorical: (string | null)[];
}

export interface DesignColumn {
  /** Readable name: "tx_count_1m", "card_type=Gold", "(intercept)". */
  name: string;
  kind: 'intercept' | 'numeric' | 'category';
  source?: string;
  transform?: Transform;
  level?: string;
  /** Standardisation: z = (x - mean) / sd, fitted on the training rows only. */
  mean: number;
  sd: number;
}

function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** A warehouse row (any column-name case) into a FeatureRow. */
export function toFeatureRow(row: Row): FeatureRow {
  const get = (name: string) => row[name] ?? row[name.toUpperCase()] ?? null;
  const label = get('churned_next_month');
  const cutoff = get('cutoff_date');
  return {
    customerId: String(get('customer_id')),
    cutoffDate: String(cutoff).slice(0, 10),
    label: label === null ? null : toNumber(label),
    numeric: NUMERIC_FEATURES.map((f) => toNumber(get(f.column))),
    categorical: CATEGORICAL_FEATURES.map((c) => {
      const v = get(c);
      return v === null ? null : String(v);
    }),
  };
}

/** The column that carries the numeric features as one text, and the SQL that makes it. */
export const PACKED_FEATURES_COLUMN = 'packed_features';
export function packedFeaturesSql(): string {
  return NUMERIC_FEATURES.map((f) => `coalesce(cast(${f.column} as varchar), '')`).join(" || '|' || ");
}

/** A row whose numeric features arrive packed (see packedFeaturesSql) into a FeatureRow. */
export function fromPackedRow(row: Row): FeatureRow {
  const get = (name: string) => row[name] ?? row[name.toUpperCase()] ?? null;
  const packed = String(get(PACKED_FEATURES_COLUMN) ?? '').split('|');
  if (packed.length !== NUMERIC_FEATURES.length) throw new Error(`expected ${NUMERIC_FEATURES.length} packed features, got ${packed.length}`);
  const label = get('churned_next_month');
  return {
    customerId: String(get('customer_id')),
    cutoffDate: String(get('cutoff_date')).slice(0, 10),
    label: label === null ? null : toNumber(label),
    numeric: packed.map((v) => {
      const n = +v;
      return Number.isFinite(n) ? n : 0;
    }),
    categorical: CATEGORICAL_FEATURES.map((c) => {
      const v = get(c);
      return v === null ? null : String(v);
    }),
  };
}

/** customer_id, then cutoff date: the one order everything is computed in (plain code-unit comparison). */
export function compareRows(a: FeatureRow, b: FeatureRow): number {
  if (a.customerId !== b.customerId) return a.customerId < b.customerId ? -1 : 1;
  if (a.cutoffDate !== b.cutoffDate) return a.cutoffDate < b.cutoffDate ? -1 : 1;
  return 0;
}

function transformValue(x: number, transform: Transform | undefined): number {
  return transform === 'log1p' ? Math.log1p(Math.max(0, x)) : x;
}

/** Fits the design (levels, means, standard deviations) on the training rows. */
export function fitDesign(trainingRows: FeatureRow[]): DesignColumn[] {
  const columns: DesignColumn[] = [{ name: '(intercept)', kind: 'intercept', mean: 0, sd: 1 }];
  const scale = (values: number[]) => {
    const m = mean(values);
    const sd = standardDeviation(values);
    return { mean: m, sd: sd > 1e-12 ? sd : 1 };
  };
  NUMERIC_FEATURES.forEach((f, j) => {
    const values = trainingRows.map((r) => transformValue(r.numeric[j]!, f.transform));
    columns.push({ name: f.column, kind: 'numeric', source: f.column, transform: f.transform, ...scale(values) });
  });
  CATEGORICAL_FEATURES.forEach((c, j) => {
    const levels = [...new Set(trainingRows.map((r) => r.categorical[j]).filter((v): v is string => v !== null))].sort();
    for (const level of levels) {
      const values = trainingRows.map((r) => (r.categorical[j] === level ? 1 : 0));
      columns.push({ name: `${c}=${level}`, kind: 'category', source: c, level, ...scale(values) });
    }
  });
  return columns;
}

/** Row-major design matrix for `rows` under a fitted design. */
export function designMatrix(rows: FeatureRow[], columns: DesignColumn[]): Float64Array {
  const width = columns.length;
  const out = new Float64Array(rows.length * width);
  const numericIndex = new Map(NUMERIC_FEATURES.map((f, j) => [f.column, j]));
  const categoricalIndex = new Map(CATEGORICAL_FEATURES.map((c, j) => [c, j]));
  // Per column: where its value comes from, resolved once (this runs for ~200,000 rows).
  const plan = columns.map((col) => ({
    kind: col.kind,
    source: col.kind === 'numeric' ? numericIndex.get(col.source!)! : col.kind === 'category' ? categoricalIndex.get(col.source!)! : -1,
    log: col.transform === 'log1p',
    level: col.level,
    mean: col.mean,
    sd: col.sd,
  }));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const base = i * width;
    for (let k = 0; k < width; k++) {
      const p = plan[k]!;
      if (p.kind === 'intercept') {
        out[base + k] = 1;
        continue;
      }
      let raw: number;
      if (p.kind === 'numeric') {
        const x = row.numeric[p.source]!;
        raw = p.log ? Math.log1p(Math.max(0, x)) : x;
      } else {
        raw = row.categorical[p.source] === p.level ? 1 : 0;
      }
      out[base + k] = (raw - p.mean) / p.sd;
    }
  }
  return out;
}

function sqlNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot render ${x} as SQL`);
  return `(${String(x)})`;
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The linear score as one SQL expression over FCT_CHURN_TRAINING's columns (same maths as designMatrix). */
/** A design column's standardised value in SQL, computed as the in-process design matrix does. */
function standardisedSql(col: DesignColumn): string {
  const raw =
    col.kind === 'numeric'
      ? col.transform === 'log1p'
        ? `ln(1 + greatest(0, coalesce(${col.source}, 0)))`
        : `coalesce(${col.source}, 0)`
      : `(case when ${col.source} = ${sqlString(col.level!)} then 1 else 0 end)`;
  return `((${raw} - ${sqlNumber(col.mean)}) / ${sqlNumber(col.sd)})`;
}

export function linearScoreSql(columns: DesignColumn[], coefficients: number[]): string {
  const terms = columns.map((col, k) => {
    const w = coefficients[k]!;
    if (col.kind === 'intercept') return sqlNumber(w);
    return `${sqlNumber(w)} * ${standardisedSql(col)}`;
  });
  return terms.join('\n        + ');
}

/**
 * One SQL expression per design column but the intercept: the column's standardised value
 * (`z`) and its contribution to the linear score (`contribution` = coefficient * z). A
 * customer's largest positive contributions are why the model thinks they are at risk.
 */
export function contributionSql(columns: DesignColumn[], coefficients: number[]): { name: string; label: string; contribution: string }[] {
  return columns.flatMap((col, k) => {
    if (col.kind === 'intercept') return [];
    const z = standardisedSql(col);
    // Numeric features say which way the customer differs from the average training row.
    const label =
      col.kind === 'numeric' ? `case when ${z} > 0 then ${sqlString(`${col.name} high`)} else ${sqlString(`${col.name} low`)} end` : sqlString(col.name);
    return [{ name: col.name, label, contribution: `${sqlNumber(coefficients[k]!)} * ${z}` }];
  });
}
