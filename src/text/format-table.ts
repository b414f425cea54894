import type { Row } from '../backends/backend.js';
import { padEnd, padStart, textWidth, truncate } from './width.js';

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 1 ? 4 : 2);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * An aligned text table like `snow sql` prints: numbers right-aligned, long cells cut at
 * `maxWidth`, widths from the rows it is built with. More rows can be written later in the same
 * layout, so a result too large to hold is printed as it streams.
 */
export class TextTable {
  private readonly widths: number[];
  private readonly numeric: boolean[];

  constructor(
    private readonly columns: string[],
    sample: Row[],
    private readonly maxWidth = 60,
  ) {
    const text = sample.map((row) => this.cells(row));
    this.widths = columns.map((c, i) => Math.max(textWidth(c), ...text.map((r) => textWidth(r[i]!))));
    this.numeric = columns.map((c) => sample.length > 0 && sample.every((r) => r[c] === null || typeof r[c] === 'number'));
  }

  header(): string {
    return [this.line(this.columns), this.widths.map((w) => '-'.repeat(w)).join('  ')].join('\n');
  }

  rows(rows: Row[]): string {
    return rows.map((row) => this.line(this.cells(row))).join('\n');
  }

  private cells(row: Row): string[] {
    return this.columns.map((c) => truncate(cell(row[c]), this.maxWidth));
  }

  private line(cells: string[]): string {
    return cells
      .map((s, i) => (this.numeric[i] ? padStart(s, this.widths[i]!) : padEnd(s, this.widths[i]!)))
      .join('  ')
      .trimEnd();
  }
}

/** Renders rows as an aligned text table, numbers right-aligned, like `snow sql` does. */
export function formatTable(columns: string[], rows: Row[], options: { maxWidth?: number } = {}): string {
  const table = new TextTable(columns, rows, options.maxWidth);
  return rows.length > 0 ? `${table.header()}\n${table.rows(rows)}` : table.header();
}
