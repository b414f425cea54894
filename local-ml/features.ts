/**
 * The churn model's inputs: the pack's feature table rows (columns and transforms from its
 * model.yaml) and the design matrix (standardised numerics, one-hot categoricals, an intercept).
 * The same description renders the SQL scoring expression, so training (here) and scoring (in the
 * warehouse) cannot drift apart.
 */
import { mean, standardDeviation } from 'simple-statistics';
import type { ColumnarResult, Row, SqlValue } from '../src/backends/backend.js';
import type { ChurnModelSpec, NumericFeature } from './model.js';

export type Transform = NumericFeature['transform'];

export interface FeatureRow {
  /** The entity (customer, subscriber) the row describes. */
  entityId: string;
  /** Its observation date, YYYY-MM-DD. */
  observationDate: string;
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
export function toFeatureRow(row: Row, spec: ChurnModelSpec): FeatureRow {
  const get = (name: string) => row[name] ?? row[name.toUpperCase()] ?? null;
  const label = get(spec.columns.label);
  return {
    entityId: String(get(spec.columns.id)),
    observationDate: String(get(spec.columns.observationDate)).slice(0, 10),
    label: label === null ? null : toNumber(label),
    numeric: spec.numeric.map((f) => toNumber(get(f.column))),
    categorical: spec.categorical.map((c) => {
      const v = get(c);
      return v === null ? null : String(v);
    }),
  };
}

/**
 * Rows read column by column (`Backend.queryColumns`, or `query`'s rows transposed when the
 * backend has no columnar read) into FeatureRows. Values as toFeatureRow reads them: a null or
 * non-finite number is 0.
 */
export function featureRowsFromColumns(result: ColumnarResult, spec: ChurnModelSpec): FeatureRow[] {
  const index = new Map(result.columns.map((name, k) => [name.toLowerCase(), k]));
  const column = (name: string): SqlValue[] => {
    const k = index.get(name.toLowerCase());
    if (k === undefined) throw new Error(`the feature rows have no column ${name}`);
    return result.values[k]!;
  };
  const ids = column(spec.columns.id);
  const dates = column(spec.columns.observationDate);
  const labels = column(spec.columns.label);
  const numeric = spec.numeric.map((f) => column(f.column));
  const categorical = spec.categorical.map(column);
  // Pushed, not `new Array(n)`: that many slots would make a dictionary-mode array.
  const rows: FeatureRow[] = [];
  for (let i = 0; i < result.rowCount; i++) {
    const label = labels[i];
    rows.push({
      entityId: String(ids[i]),
      observationDate: String(dates[i]).slice(0, 10),
      label: label === null || label === undefined ? null : toNumber(label),
      numeric: numeric.map((values) => toNumber(values[i])),
      categorical: categorical.map((values) => {
        const v = values[i];
        return v === null || v === undefined ? null : String(v);
      }),
    });
  }
  return rows;
}

/** `query`'s rows as a ColumnarResult (for a backend without `queryColumns`). */
export function rowsToColumns(columns: string[], rows: Row[]): ColumnarResult {
  return { columns, rowCount: rows.length, values: columns.map((name) => rows.map((r) => r[name] ?? null)) };
}

/** Entity id, then observation date: the one order everything is computed in (plain code-unit comparison). */
export function compareRows(a: FeatureRow, b: FeatureRow): number {
  if (a.entityId !== b.entityId) return a.entityId < b.entityId ? -1 : 1;
  if (a.observationDate !== b.observationDate) return a.observationDate < b.observationDate ? -1 : 1;
  return 0;
}

function transformValue(x: number, transform: Transform | undefined): number {
  return transform === 'log1p' ? Math.log1p(Math.max(0, x)) : x;
}

/** Fits the design (levels, means, standard deviations) on the training rows. */
export function fitDesign(trainingRows: FeatureRow[], spec: ChurnModelSpec): DesignColumn[] {
  const columns: DesignColumn[] = [{ name: '(intercept)', kind: 'intercept', mean: 0, sd: 1 }];
  const scale = (values: number[]) => {
    const m = mean(values);
    const sd = standardDeviation(values);
    return { mean: m, sd: sd > 1e-12 ? sd : 1 };
  };
  spec.numeric.forEach((f, j) => {
    const values = trainingRows.map((r) => transformValue(r.numeric[j]!, f.transform));
    columns.push({ name: f.column, kind: 'numeric', source: f.column, transform: f.transform, ...scale(values) });
  });
  spec.categorical.forEach((c, j) => {
    const levels = [...new Set(trainingRows.map((r) => r.categorical[j]).filter((v): v is string => v !== null))].sort();
    for (const level of levels) {
      const values = trainingRows.map((r) => (r.categorical[j] === level ? 1 : 0));
      columns.push({ name: `${c}=${level}`, kind: 'category', source: c, level, ...scale(values) });
    }
  });
  return columns;
}

/** Row-major design matrix for `rows` under a fitted design, written into `out` when given. */
export function designMatrix(
  rows: FeatureRow[],
  columns: DesignColumn[],
  spec: ChurnModelSpec,
  out: Float64Array = new Float64Array(rows.length * columns.length),
): Float64Array {
  const width = columns.length;
  if (out.length !== rows.length * width) throw new Error(`the design matrix needs ${rows.length * width} values, got room for ${out.length}`);
  const numericIndex = new Map(spec.numeric.map((f, j) => [f.column, j]));
  const categoricalIndex = new Map(spec.categorical.map((c, j) => [c, j]));
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

/** The linear score as one SQL expression over the feature table's columns (same maths as designMatrix). */
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
