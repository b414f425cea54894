import type { Row } from '../../backends/backend.js';
import { formatTable } from '../format-table.js';
import { truncate } from '../width.js';

/** An aligned text table cut to `width` columns and `maxRows` rows. */
export function tableLines(columns: string[], rows: Row[], options: { width?: number; maxRows?: number; cellWidth?: number } = {}): string[] {
  const maxRows = options.maxRows ?? 20;
  const shown = rows.slice(0, maxRows);
  const lines = formatTable(columns, shown, { maxWidth: options.cellWidth ?? 28 }).split('\n');
  const width = options.width ?? 200;
  const cut = lines.map((l) => truncate(l, width));
  if (rows.length > shown.length) cut.push(`… ${rows.length - shown.length} more row(s)`);
  if (rows.length === 0) cut.push('(no rows)');
  return cut;
}
