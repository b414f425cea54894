import type { Row } from '../../backends/backend.js';
import { formatTable } from '../format-table.js';
import { textWidth, truncate } from '../width.js';

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
