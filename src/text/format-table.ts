import type { Row } from '../backends/backend.js';
import { padEnd, padStart, textWidth, truncate } from './width.js';

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 1 ? 4 : 2);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Renders rows as an aligned text table, numbers right-aligned, like `snow sql` does. */
export function formatTable(columns: string[], rows: Row[], options: { maxWidth?: number } = {}): string {
  const maxWidth = options.maxWidth ?? 60;
  const text = rows.map((row) => columns.map((c) => truncate(cell(row[c]), maxWidth)));
  const widths = columns.map((c, i) => Math.max(textWidth(c), ...text.map((r) => textWidth(r[i]!))));
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === 'number'));
  const line = (cells: string[]) => cells.map((s, i) => (numeric[i] ? padStart(s, widths[i]!) : padEnd(s, widths[i]!))).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}
