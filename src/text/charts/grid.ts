/** A character canvas for plots: (0,0) is bottom-left. */
export class Grid {
  private readonly cells: string[][];
  constructor(
    readonly width: number,
    readonly height: number,
    fill = ' ',
  ) {
    this.cells = Array.from({ length: height }, () => Array.from({ length: width }, () => fill));
  }
  set(x: number, y: number, ch: string, overwrite = true): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    const row = this.cells[this.height - 1 - yi]!;
    if (overwrite || row[xi] === ' ') row[xi] = ch;
  }
  get(x: number, y: number): string {
    return this.cells[this.height - 1 - y]?.[x] ?? ' ';
  }
  lines(): string[] {
    return this.cells.map((r) => r.join(''));
  }
}
