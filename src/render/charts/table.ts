import type { Row } from '../../backends/backend.js';
import { padStart, textWidth, truncate } from '../text.js';

/** An aligned text table cut to `width` columns and `maxRows` rows. */
export function tableLines(columns: string[], rows: Row[], options: { width?: number; maxRows?: number; cellWidth?: number } = {}): string[] {
  const maxRows = options.maxRows ?? 20;
  const shown = rows.slice(0, maxRows);
  const width = options.width ?? 200;
  // Too wide: drop columns from the right (and say which) rather than cutting every row.
  let kept = columns;
  let lines = formatTable(kept, shown, { maxWidth: options.cellWidth ?? 28 }).split('\n');
  while (kept.length > 1 && Math.max(...lines.map(textWidth)) > width) {
    kept = kept.slice(0, -1);
    lines = formatTable(kept, shown, { maxWidth: options.cellWidth ?? 28 }).split('\n');
  }
  const cut = lines.map((l) => truncate(l, width));
  if (kept.length < columns.length) cut.push(truncate(`(not shown for width: ${columns.slice(kept.length).join(', ')}; s shows the SQL)`, width));
  if (rows.length > shown.length) cut.push(`… ${rows.length - shown.length} more row(s)`);
  if (rows.length === 0) cut.push('(no rows)');
  return cut;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 1 ? 4 : 2);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** An aligned text table, numbers right-aligned, measured in terminal columns. */
export function formatTable(columns: string[], rows: Row[], options: { maxWidth?: number } = {}): string {
  const maxWidth = options.maxWidth ?? 60;
  const text = rows.map((row) => columns.map((c) => truncate(cell(row[c]), maxWidth)));
  const widths = columns.map((c, i) => Math.max(textWidth(c), ...text.map((r) => textWidth(r[i]!))));
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === 'number'));
  const pad = (s: string, i: number) => (numeric[i] ? padStart(s, widths[i]!) : s + ' '.repeat(widths[i]! - textWidth(s)));
  const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}
