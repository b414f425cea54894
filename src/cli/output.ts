import { once } from 'node:events';
import type { Row } from '../backends/backend.js';
import { maskSecrets } from '../util/secrets.js';

/** Everything user-facing goes through here, so secrets are masked in one place. */
export function printLine(text = ''): void {
  process.stdout.write(`${maskSecrets(text)}\n`);
}

export function printError(text: string): void {
  process.stderr.write(`${maskSecrets(text)}\n`);
}

export function printJson(value: unknown): void {
  printLine(JSON.stringify(value, null, 2));
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 1 ? 4 : 2);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * An aligned text table whose column widths come from the rows it is built with, like `snow sql`:
 * numbers right-aligned, long cells cut at `maxWidth`. More rows can be written later in the same
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
    this.widths = columns.map((c, i) => Math.max(c.length, ...text.map((r) => r[i]!.length)));
    this.numeric = columns.map((c) => sample.length > 0 && sample.every((r) => r[c] === null || typeof r[c] === 'number'));
  }

  header(): string {
    return [this.line(this.columns), this.widths.map((w) => '-'.repeat(w)).join('  ')].join('\n');
  }

  rows(rows: Row[]): string {
    return rows.map((row) => this.line(this.cells(row))).join('\n');
  }

  private cells(row: Row): string[] {
    return this.columns.map((c) => {
      const s = cell(row[c]);
      return s.length > this.maxWidth ? `${s.slice(0, this.maxWidth - 1)}…` : s;
    });
  }

  private line(cells: string[]): string {
    return cells.map((s, i) => (this.numeric[i] ? s.padStart(this.widths[i]!) : s.padEnd(this.widths[i]!))).join('  ').trimEnd();
  }
}

/** Renders rows as an aligned text table, numbers right-aligned, like `snow sql` does. */
export function formatTable(columns: string[], rows: Row[], options: { maxWidth?: number } = {}): string {
  const table = new TextTable(columns, rows, options.maxWidth);
  return rows.length > 0 ? `${table.header()}\n${table.rows(rows)}` : table.header();
}

/** Writes to stdout (secrets masked), waiting when the pipe is full so output of any size stays in bounded memory. */
export async function writeStdout(text: string): Promise<void> {
  if (!process.stdout.write(maskSecrets(text))) await once(process.stdout, 'drain');
}
