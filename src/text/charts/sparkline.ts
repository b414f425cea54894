const TICKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** One character per value, ▁ (min) .. █ (max). */
export function sparkline(values: number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '';
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      if (max === min) return TICKS[3]!;
      return TICKS[Math.round(((v - min) / (max - min)) * (TICKS.length - 1))]!;
    })
    .join('');
}
