import { fit, formatNumber, type NumberFormat } from './format.js';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `fraction` (0..1) of `width` cells, with eighth-cell precision. */
export function bar(fraction: number, width: number): string {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  return '█'.repeat(full) + EIGHTHS[eighths % 8]!;
}

/** Horizontal bar chart: one line per item, `label  ████▌  value`, scaled to the largest value. */
export function barChart(items: { label: string; value: number }[], options: { width?: number; format?: NumberFormat } = {}): string[] {
  if (items.length === 0) return ['(no data)'];
  const width = options.width ?? 60;
  const labels = items.map((i) => i.label);
  const values = items.map((i) => formatNumber(i.value, options.format));
  // Labels are what the panel reads: they get up to half the width before the bars shrink.
  const labelWidth = Math.min(Math.max(...labels.map((l) => l.length)), Math.max(8, Math.floor(width / 2)));
  const valueWidth = Math.max(...values.map((v) => v.length));
  const barWidth = Math.max(4, width - labelWidth - valueWidth - 4);
  const max = Math.max(...items.map((i) => Math.abs(i.value)), 0);
  return items.map((item, i) => {
    const b = bar(max === 0 ? 0 : Math.abs(item.value) / max, barWidth);
    return `${fit(labels[i]!, labelWidth)}  ${b.padEnd(barWidth)}  ${values[i]!.padStart(valueWidth)}`.trimEnd();
  });
}
