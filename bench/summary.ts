/** Median and maximum of repeated timings, in whole milliseconds (at least one value). */
export function medianAndMax(values: number[]): { median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: Math.round(sorted[Math.floor(sorted.length / 2)]!), max: Math.round(sorted.at(-1)!) };
}
