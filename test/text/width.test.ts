import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { formatTable } from '../../src/text/format-table.js';
import { tableLines } from '../../src/text/charts/table.js';
import { fit } from '../../src/text/charts/format.js';
import { wrap } from '../../src/text/wrap.js';

/** Wide characters (CJK, emoji) take two terminal columns; layouts must count columns, not code units. */
describe('text layout counts terminal columns', () => {
  it('formatTable aligns columns holding CJK and emoji', () => {
    const table = formatTable(
      ['city', 'n'],
      [
        { city: '東京', n: 1 },
        { city: 'Zürich 🚆', n: 22 },
        { city: 'Lyon', n: 333 },
      ],
    );
    const lines = table.split('\n');
    // Every row ends at the same column: the right-aligned numbers line up.
    expect(new Set(lines.map((l) => stringWidth(l)))).toEqual(new Set([stringWidth(lines[0]!)]));
    expect(lines[2]).toBe('東京         1');
    expect(lines[3]).toBe('Zürich 🚆   22');
  });

  it('cuts long cells and lines by width, ending in an ellipsis', () => {
    const table = formatTable(['name'], [{ name: '顧客データプラットフォーム' }], { maxWidth: 9 });
    const cell = table.split('\n')[2]!;
    expect(stringWidth(cell)).toBeLessThanOrEqual(9);
    expect(cell.endsWith('…')).toBe(true);
    for (const line of tableLines(['a', 'b'], [{ a: '🙂'.repeat(20), b: 'x'.repeat(20) }], { width: 25 })) expect(stringWidth(line)).toBeLessThanOrEqual(25);
  });

  it('wrap keeps every line within the width when words are wide', () => {
    const text = '東京 大阪 名古屋 札幌 福岡 神戸 京都 横浜 川崎 仙台';
    const lines = wrap(text, 12, '  ').split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(14);
    expect(lines.join(' ').replace(/\s+/g, ' ').trim()).toBe(text);
  });

  it('fit pads or cuts to exactly the width', () => {
    expect(stringWidth(fit('東京', 6))).toBe(6);
    expect(stringWidth(fit('東京大阪名古屋', 6))).toBe(6);
    expect(fit('東京大阪名古屋', 6)).toBe('東京… ');
    expect(fit('😀😀😀😀', 5)).toBe('😀😀…');
  });
});
