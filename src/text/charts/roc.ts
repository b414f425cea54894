import { Grid } from './grid.js';

/** The area under a ROC curve by the trapezoid rule (points in any order). */
export function rocAuc(points: { fpr: number; tpr: number }[]): number {
  const pts = [...points].sort((a, b) => a.fpr - b.fpr || a.tpr - b.tpr);
  let area = 0;
  for (let i = 1; i < pts.length; i++) area += ((pts[i]!.fpr - pts[i - 1]!.fpr) * (pts[i]!.tpr + pts[i - 1]!.tpr)) / 2;
  return area;
}

/** ROC curve on a square-ish plot: the model's curve (█), the random-guess diagonal (·). */
export function rocChart(points: { fpr: number; tpr: number }[], options: { width?: number; height?: number; auc?: number } = {}): string[] {
  const height = Math.max(5, options.height ?? 10);
  const width = Math.max(10, (options.width ?? 40) - 6);
  const grid = new Grid(width, height);
  for (let x = 0; x < width; x++) grid.set(x, (x / (width - 1)) * (height - 1), '·');
  const pts = [...points].sort((a, b) => a.fpr - b.fpr || a.tpr - b.tpr);
  // Linear interpolation between the points at every column, with vertical strokes for jumps.
  const tprAt = (fpr: number): number => {
    if (pts.length === 0) return 0;
    let lo = { fpr: 0, tpr: 0 };
    for (const p of pts) {
      if (p.fpr <= fpr) lo = p.fpr === lo.fpr ? { fpr: p.fpr, tpr: Math.max(lo.tpr, p.tpr) } : p;
      else {
        const t = (fpr - lo.fpr) / (p.fpr - lo.fpr || 1);
        return lo.tpr + (p.tpr - lo.tpr) * t;
      }
    }
    return lo.tpr;
  };
  let prevY: number | undefined;
  for (let x = 0; x < width; x++) {
    const y = Math.round(tprAt(x / (width - 1)) * (height - 1));
    if (prevY !== undefined) for (let yy = prevY + 1; yy < y; yy++) grid.set(x, yy, '█');
    grid.set(x, y, '█');
    prevY = y;
  }
  const lines = grid.lines().map((l, r) => `${r === 0 ? '1.0' : r === height - 1 ? '0.0' : '   '} ┤${l}`);
  lines.push(`    └${'─'.repeat(width)}`);
  const auc = options.auc ?? rocAuc(points);
  const xLabel = `0.0  false positive rate → 1.0`;
  lines.push(`     ${xLabel.length <= width ? xLabel : '0 FPR → 1'}`);
  lines.push(`     TPR ↑   AUC = ${auc.toFixed(3)}   █ model  · random`);
  return lines;
}
