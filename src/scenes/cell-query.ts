import type { Backend, Row, SqlValue } from '../backends/backend.js';
import type { Block } from '../text/block-types.js';
import { errorPosition } from '../warehouse/read-only.js';

/** Rows the SQL cell keeps to scroll through; the rest are only counted. */
export const CELL_ROWS_KEPT = 1_000;
/** Rows a recording keeps of each query typed during the talk (the count is kept whole). */
export const RECORDED_ROWS = 200;

/** What a query typed in the presenter's SQL cell returned. */
export interface CellResult {
  columns: string[];
  /** The first rows (at most CELL_ROWS_KEPT). */
  rows: Row[];
  /** Every row the query returned, including those not kept. */
  rowCount: number;
  elapsedMs: number;
  /** The backend that answered ("local DuckDB …", "snowflake …", "replay of …"). */
  backend: string;
}

/** A query typed during a talk, as `--record` saves it and `--replay` and `export` show it. */
export interface RecordedQuery {
  sceneId: string;
  sql: string;
  at: string;
  result?: CellResult;
  error?: string;
}

/**
 * Runs one typed query through the backend's read-only guard (`runUserQuery`), keeping the first
 * rows and counting the rest, so a query that returns millions of rows stays in bounded memory.
 */
export async function runCellQuery(backend: Backend, sql: string, signal?: AbortSignal, keep = CELL_ROWS_KEPT): Promise<CellResult> {
  const started = performance.now();
  const stream = await backend.runUserQuery(sql, { signal });
  const rows: Row[] = [];
  let rowCount = 0;
  for await (const batch of stream.batches) {
    for (const row of batch) {
      rowCount += 1;
      if (rows.length < keep) rows.push(row);
    }
  }
  return { columns: stream.columns, rows, rowCount, elapsedMs: Math.round(performance.now() - started), backend: backend.description };
}

/** The one line a failed query shows: the database's message with the position it reports. */
export function queryErrorLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const lines = message.split('\n').map((l) => l.trim());
  // Snowflake says "SQL compilation error:" on a line of its own and the detail on the next.
  const first = /:$/.test(lines[0]!) && lines[1] ? `${lines[0]} ${lines[1]}` : lines[0]!;
  const position = /\(line \d+/.test(first) ? '' : errorPosition(message);
  return `${first.replace(/^query failed:\s*/, '')}${position}`;
}

const DATE_LIKE = /^\d{4}-\d{2}(-\d{2})?([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?/;
/** A bar chart past this many labels is unreadable; a line chart needs at least this many points. */
const MAX_BARS = 25;
const MIN_POINTS = 3;

const numeric = (v: SqlValue | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A chart for a result shaped like one: label + number → bars, date + number → a line (in date
 * order). Anything else has no chart.
 */
export function chartOf(result: Pick<CellResult, 'columns' | 'rows'>): Block | undefined {
  const [labelColumn, valueColumn] = result.columns;
  if (result.columns.length !== 2 || !labelColumn || !valueColumn || result.rows.length < 2) return undefined;
  const rows = result.rows;
  if (!rows.every((r) => numeric(r[valueColumn]))) return undefined;
  const labels = rows.map((r) => r[labelColumn]);
  if (!labels.every((l) => typeof l === 'string' || numeric(l))) return undefined;
  const text = labels.map((l) => String(l));
  const title = `${valueColumn} by ${labelColumn}`;
  if (text.every((l) => DATE_LIKE.test(l))) {
    if (rows.length < MIN_POINTS) return undefined;
    const points = rows.map((r, i) => ({ label: text[i]!.slice(0, 10), value: r[valueColumn] as number })).sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    return { kind: 'line', title, labels: points.map((p) => p.label), values: points.map((p) => p.value) };
  }
  if (labels.every(numeric) || rows.length > MAX_BARS) return undefined;
  return { kind: 'bars', title, items: rows.map((r, i) => ({ label: text[i]!, value: r[valueColumn] as number })) };
}
