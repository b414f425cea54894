import { describe, expect, it } from 'vitest';
import {
  bar,
  barChart,
  dagColumns,
  dagLayers,
  flowDiagram,
  formatNumber,
  lineChart,
  rocAuc,
  rocChart,
  sparkline,
  tasksToTree,
  treeLines,
} from '../../src/text/charts/index.js';

describe('charts (pure text)', () => {
  it('bar: eighth-cell precision and clamping', () => {
    expect(bar(1, 4)).toBe('████');
    expect(bar(0.5, 4)).toBe('██');
    expect(bar(0.5 + 1 / 32, 4)).toBe('██▏');
    expect(bar(2, 3)).toBe('███');
    expect(bar(-1, 3)).toBe('');
    expect(bar(Number.NaN, 3)).toBe('');
  });

  it('barChart scales to the largest value and right-aligns values', () => {
    const lines = barChart(
      [
        { label: 'Travel', value: 200 },
        { label: 'Dining', value: 100 },
      ],
      { width: 40, format: 'int' },
    );
    expect(lines).toHaveLength(2);
    const full = lines[0]!.match(/[█▏▎▍▌▋▊▉]+/)![0];
    const half = lines[1]!.match(/[█▏▎▍▌▋▊▉]+/)![0];
    expect(full).toBe('█'.repeat(27));
    expect(half).toBe('█'.repeat(13) + '▌');
    expect(lines[0]).toMatch(/ 200$/);
    expect(lines[1]).toMatch(/ 100$/);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(barChart([])).toEqual(['(no data)']);
  });

  it('sparkline maps min to ▁ and max to █', () => {
    expect(sparkline([1, 5, 9])).toBe('▁▅█');
    expect(sparkline([3, 3])).toBe('▄▄');
    expect(sparkline([])).toBe('');
  });

  it('lineChart puts the max on the top row and the min on the bottom row, with axis labels', () => {
    const lines = lineChart([1, 3, 2, 10], { width: 30, height: 5, labels: ['Jan', 'Feb', 'Mar', 'Apr'], format: 'int' });
    expect(lines[0]).toMatch(/^10 ┤.*●$/);
    expect(lines[4]).toMatch(/^ 1 ┤●/);
    expect(lines[5]).toMatch(/└─+$/);
    expect(lines[6]).toContain('Jan');
    expect(lines[6]).toContain('Apr');
    // Every other row is labelled, and the plot joins points with dots only (no detached strokes).
    expect(lines[2]).toMatch(/^ ?\d+ ┤/);
    expect(lines.slice(0, 5).join('\n')).not.toContain('│');
  });

  it('lineChart: a flat series is one line on the middle row, labelled once', () => {
    for (const height of [7, 8]) {
      const lines = lineChart([0, 0, 0, 0], { width: 30, height, format: 'int' }).slice(0, height);
      const labelledRows = lines.flatMap((l, r) => (/^\s*\d/.test(l) ? [r] : []));
      const lineRows = lines.flatMap((l, r) => (l.includes('●') ? [r] : []));
      expect(labelledRows, `height ${height}`).toEqual(lineRows);
      expect(lineRows, `height ${height}`).toHaveLength(1);
    }
  });

  it('lineChart: a steep segment is a connected run of dots', () => {
    const lines = lineChart([0, 10, 0], { width: 24, height: 9, format: 'int' }).slice(0, 9);
    const plot = lines.map((l) => l.slice(l.indexOf('┤') + 1));
    // Every row between the bottom and the peak has a dot on the way up.
    for (let r = 1; r < 8; r++) expect(plot[r], `row ${r}`).toContain('·');
  });

  it('rocAuc is 1 for a perfect curve and 0.5 for the diagonal', () => {
    expect(
      rocAuc([
        { fpr: 0, tpr: 0 },
        { fpr: 0, tpr: 1 },
        { fpr: 1, tpr: 1 },
      ]),
    ).toBe(1);
    expect(
      rocAuc([
        { fpr: 0, tpr: 0 },
        { fpr: 1, tpr: 1 },
      ]),
    ).toBe(0.5);
  });

  it('rocChart draws the curve above the diagonal and prints the AUC', () => {
    const lines = rocChart(
      [
        { fpr: 0, tpr: 0 },
        { fpr: 0.1, tpr: 0.8 },
        { fpr: 1, tpr: 1 },
      ],
      { width: 30, height: 8 },
    );
    expect(lines.join('\n')).toContain('AUC = 0.850');
    // Early columns: the model (█) is already high while the diagonal (·) is still low.
    const top = lines.findIndex((l) => l.slice(5, 12).includes('█'));
    const diag = lines.findIndex((l) => l.slice(5, 12).includes('·'));
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(diag);
  });

  it('dagLayers uses the longest path; dagColumns lays layers out left to right', () => {
    const edges: [string, string][] = [
      ['src', 'stg'],
      ['stg', 'dim'],
      ['src', 'dim'],
      ['dim', 'mart'],
    ];
    const layers = dagLayers(['src', 'stg', 'dim', 'mart'], edges);
    expect(Object.fromEntries(layers)).toEqual({ src: 0, stg: 1, dim: 2, mart: 3 });
    const lines = dagColumns([{ id: 'src' }, { id: 'stg' }, { id: 'dim' }, { id: 'mart' }], edges, { width: 80 });
    expect(lines[0]).toMatch(/^layer 0\s+layer 1\s+layer 2\s+layer 3$/);
    expect(lines[2]).toMatch(/^src\s+─▶ stg\s+─▶ dim\s+─▶ mart$/);
  });

  it('dagLayers survives a cycle', () => {
    expect(
      dagLayers(
        ['a', 'b'],
        [
          ['a', 'b'],
          ['b', 'a'],
        ],
      ).size,
    ).toBe(2);
  });

  it('tasksToTree nests AFTER chains under their root and keeps separate roots apart', () => {
    const tasks = [
      { name: 'ROOT', predecessors: [] },
      { name: 'B', predecessors: ['A'] },
      { name: 'A', predecessors: ['ROOT'] },
      { name: 'STREAM_TASK', predecessors: [] },
    ];
    const tree = tasksToTree(tasks, (t) => ({ label: t.name }));
    expect(treeLines(tree).map((l) => l.text)).toEqual(['ROOT', '└── A', '    └── B', '', 'STREAM_TASK']);
  });

  it('flowDiagram wraps boxes onto a new row when narrow', () => {
    const stages = ['Sources', 'Bronze', 'Silver', 'Gold'].map((t) => ({ title: t, lines: ['x'] }));
    const wide = flowDiagram(stages, { width: 120 });
    const narrow = flowDiagram(stages, { width: 40 });
    expect(wide.length).toBeLessThan(narrow.length);
    expect(wide[1]).toContain('─▶');
    expect(narrow.some((l) => l.trim() === '▼')).toBe(true);
    expect(narrow.every((l) => l.length <= 40)).toBe(true);
  });

  it('formatNumber', () => {
    expect(formatNumber(1234567, 'money')).toBe('$1.23M');
    expect(formatNumber(12345, 'money')).toBe('$12.3K');
    expect(formatNumber(0.9712, 'pct')).toBe('97.1%');
    expect(formatNumber(1234.4, 'int')).toBe('1,234');
  });
});
