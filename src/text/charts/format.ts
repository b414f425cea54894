import { padEnd, truncate } from '../width.js';

export type NumberFormat = 'int' | 'money' | 'pct' | 'decimal';

/** Compact numbers for charts: 1,234 / $1.2M / 97.1% / 0.873. */
export function formatNumber(value: number, format: NumberFormat = 'decimal'): string {
  if (!Number.isFinite(value)) return String(value);
  switch (format) {
    case 'int':
      return Math.round(value).toLocaleString('en-US');
    case 'money': {
      const abs = Math.abs(value);
      const sign = value < 0 ? '-' : '';
      if (abs >= 1e9) return `${sign}$${(abs / 1e9).toFixed(2)}B`;
      if (abs >= 1e6) return `${sign}$${(abs / 1e6).toFixed(2)}M`;
      if (abs >= 1e4) return `${sign}$${(abs / 1e3).toFixed(1)}K`;
      if (abs >= 1e3) return `${sign}$${(abs / 1e3).toFixed(2)}K`;
      return `${sign}$${abs.toFixed(2)}`;
    }
    case 'pct':
      return `${(value * 100).toFixed(1)}%`;
    default:
      return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(Math.abs(value) < 10 ? 3 : 1);
  }
}

/** Pads or cuts `text` to exactly `width` terminal columns. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  return padEnd(truncate(text, width), width);
}
