import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { SqlCell, cellMaxScroll, cellView } from './SqlCell.js';
import { openCell, type CellState } from '../cell.js';
import type { CellResult } from '../../scenes/cell-query.js';

const many: CellResult = {
  columns: ['customer_id', 'spend'],
  rows: Array.from({ length: 40 }, (_, i) => ({ customer_id: `CUST${String(i).padStart(6, '0')}`, spend: 1000 - i })),
  rowCount: 5_000,
  elapsedMs: 12,
  backend: 'local DuckDB f',
};
const answered = (result: CellResult): CellState => ({
  ...openCell([], 'select * from t'),
  run: { status: 'ok', id: 1, sql: 'select * from t', result, tag: 'local' },
});

describe('SqlCell', () => {
  it('draws the cursor on the character it sits on', () => {
    const cell = openCell([], 'select 1\nfrom t');
    const view = cellView({ ...cell, editor: { ...cell.editor, row: 0, col: 7 } }, 60, 20, 0, false);
    expect(view.editor[0]).toEqual({ number: 1, before: 'select ', at: '1', after: '' });
    expect(view.editor[1]).toEqual({ number: 2, text: 'from t' });
  });

  it('a line longer than the cell scrolls sideways to keep the cursor in view', () => {
    const long = `select ${'x, '.repeat(40)}y`;
    const view = cellView(openCell([], long), 60, 20, 0, false);
    const row = view.editor[0]!;
    expect('before' in row && row.before.startsWith('…') && row.before.endsWith('x, y')).toBe(true);
    expect('before' in row && row.before.length + 1).toBe(60 - 4);
  });

  it('a long result scrolls under its pinned header and says how many rows there were in all', () => {
    const cell = answered(many);
    const frame = render(<SqlCell cell={{ ...cell, scroll: 10 }} width={80} height={16} now={0} color={false} />).lastFrame()!;
    expect(frame).toContain('5,000 rows (first 40 shown) · 12 ms · local DuckDB f [local]');
    expect(frame).toMatch(/customer_id\s+spend/);
    expect(frame).toContain('CUST000010');
    expect(frame).not.toContain('CUST000009');
    expect(frame).toMatch(/↓ \d+ more/);
    expect(cellMaxScroll(cell, 80, 16)).toBe(40 - cellView(cell, 76, 16, 0, false).bodyRows);
  });

  it('an error is one red line', () => {
    const cell: CellState = {
      ...openCell([], 'select frm'),
      run: { status: 'failed', id: 1, sql: 'select frm', error: 'syntax error at or near "frm" (line 1, column 8)' },
    };
    const view = cellView(cell, 60, 12, 0, false);
    expect(view.status).toMatchObject({ text: '✘ syntax error at or near "frm" (line 1, column 8)', color: 'red' });
    expect(view.body).toEqual([]);
  });
});
