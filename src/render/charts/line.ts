import { Grid } from './grid.js';
import { formatNumber, type NumberFormat } from './format.js';

/**
 * A line chart: y axis with min/max labels, points joined by vertical strokes, x labels (first,
 * middle, last) underneath.
 */
export function lineChart(values: number[], options: { width?: number; height?: number; labels?: string[]; format?: NumberFormat } = {}): string[] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return ['(no data)'];
  const height = Math.max(3, options.height ?? 8);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const top = formatNumber(max, options.format);
  const bottom = formatNumber(min, options.format);
  const axisWidth = Math.max(top.length, bottom.length);
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
      // Join to the previous point: horizontal run, then a vertical stroke at the new x.
      for (let xx = prev.x + 1; xx < x; xx++) {
        const t = (xx - prev.x) / (x - prev.x);
        grid.set(xx, Math.round(prev.y + (y - prev.y) * t), '·', false);
      }
      const [lo, hi] = prev.y < y ? [prev.y, y] : [y, prev.y];
      for (let yy = lo + 1; yy < hi; yy++) grid.set(x, yy, '│', false);
    }
    grid.set(x, y, '●');
    prev = { x, y };
  });
  const rows = grid.lines().map((line, r) => {
    const label = r === 0 ? top : r === height - 1 ? bottom : '';
    return `${label.padStart(axisWidth)} ┤${line}`.trimEnd();
  });
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
