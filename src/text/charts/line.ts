import { Grid } from './grid.js';
import { formatNumber, type NumberFormat } from './format.js';

/**
 * A line chart: a y axis labelled every other row, points joined by dotted segments that follow
 * the slope column by column, x labels (first, middle, last) underneath.
 */
export function lineChart(values: number[], options: { width?: number; height?: number; labels?: string[]; format?: NumberFormat } = {}): string[] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return ['(no data)'];
  const height = Math.max(3, options.height ?? 8);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const valueAt = (row: number) => (height === 1 || max === min ? max : max - ((max - min) * row) / (height - 1));
  // A flat series is drawn on the middle row: only that row gets its value, not every labelled row.
  const flatRow = height - 1 - Math.round((height - 1) / 2);
  const labelled = (row: number) => (max === min ? row === flatRow : row === 0 || row === height - 1 || (row % 2 === 0 && row < height - 2));
  const axisLabels = Array.from({ length: height }, (_, r) => (labelled(r) ? formatNumber(valueAt(r), options.format) : ''));
  const axisWidth = Math.max(...axisLabels.map((l) => l.length));
  const grid = new Grid(Math.max(8, (options.width ?? 60) - axisWidth - 2), height);
  const w = grid.width;
  const yOf = (v: number) => (max === min ? (height - 1) / 2 : ((v - min) / (max - min)) * (height - 1));
  const xOf = (i: number) => (values.length === 1 ? 0 : (i / (values.length - 1)) * (w - 1));
  let prev: { x: number; y: number } | undefined;
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) {
      prev = undefined;
      return;
    }
    const x = Math.round(xOf(i));
    const y = Math.round(yOf(v));
    if (prev) {
      // Join to the previous point: each column in between gets the rows its share of the
      // slope covers, so a steep segment is one dotted line rather than a detached stroke.
      const from = prev;
      const at = (xx: number) => from.y + ((y - from.y) * (xx - from.x)) / (x - from.x);
      for (let xx = from.x + 1; xx < x; xx++) {
        const a = Math.round(at(xx - 0.5));
        const b = Math.round(at(xx + 0.5));
        for (let yy = Math.min(a, b); yy <= Math.max(a, b); yy++) grid.set(xx, yy, '·', false);
      }
    }
    grid.set(x, y, '●');
    prev = { x, y };
  });
  const rows = grid.lines().map((line, r) => `${axisLabels[r]!.padStart(axisWidth)} ┤${line}`.trimEnd());
  rows.push(`${' '.repeat(axisWidth)} └${'─'.repeat(w)}`);
  const labels = options.labels ?? [];
  if (labels.length > 0) {
    const axis = Array.from({ length: w }, () => ' ');
    const put = (i: number) => {
      const text = labels[i];
      if (text === undefined) return;
      const start = Math.max(0, Math.min(w - text.length, Math.round(xOf(i)) - Math.floor(text.length / 2)));
      if (axis.slice(Math.max(0, start - 1), start + text.length + 1).some((c) => c !== ' ')) return;
      for (let k = 0; k < text.length; k++) axis[start + k] = text[k]!;
    };
    put(0);
    put(labels.length - 1);
    put(Math.floor((labels.length - 1) / 2));
    rows.push(`${' '.repeat(axisWidth + 2)}${axis.join('')}`.trimEnd());
  }
  return rows;
}
