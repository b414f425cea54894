import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/tui/App.js';
import { MemorySqlHistory } from '../../src/scenes/sql-history.js';
import type { CellResult } from '../../src/scenes/cell-query.js';
import { RunnerSession } from '../../src/scenes/session.js';
import { deck, FakeRunner, FakeWarehouse, KEYS, waitFor } from './fixtures.js';

const SIZE = { columns: 100, rows: 40 };
const scenes = deck.scenes;
afterEach(() => cleanup());

const SEGMENTS: CellResult = {
  columns: ['segment', 'customers'],
  rows: [
    { segment: 'Stable Mid-Spenders', customers: 400 },
    { segment: 'Budget-Conscious', customers: 250 },
    { segment: 'High-Value Travelers', customers: 150 },
  ],
  rowCount: 3,
  elapsedMs: 7,
  backend: 'fake local',
};

/** Answers like a warehouse would: segments for a GROUP BY, DuckDB's message for a typo. */
async function answer(sql: string, signal?: AbortSignal): Promise<CellResult> {
  if (/slow/.test(sql))
    await new Promise((resolve, reject) => {
      const t = setTimeout(resolve, 5_000);
      signal?.addEventListener('abort', () => {
        clearTimeout(t);
        reject(new Error('INTERRUPT Error: Interrupted!'));
      });
    });
  if (/frm/.test(sql)) throw new Error('syntax error at or near "frm" (line 1, column 10)');
  return SEGMENTS;
}

function open(history = new MemorySqlHistory()) {
  const warehouse = new FakeWarehouse(new FakeRunner(), { query: answer });
  const app = render(<App scenes={scenes} warehouse={warehouse} startIndex={5} size={SIZE} color={false} sqlHistory={history} />);
  return { app, warehouse, history };
}

describe('the SQL cell', () => {
  it('e opens it, typing shows in the editor, Enter runs it: rows, count, time and a bar chart beside the table', async () => {
    const { app, warehouse, history } = open();
    await waitFor(app.lastFrame, (f) => f.includes('Segments: customers'));
    expect(warehouse.prepared).toBe(0);
    app.stdin.write('e');
    await waitFor(app.lastFrame, (f) => f.includes('Esc back'));
    // Opening the cell gets the warehouse ready for what is typed (the dialect translator loads meanwhile).
    await waitFor(
      () => String(warehouse.prepared),
      (n) => n === '1',
    );
    for (const ch of 'select segment, count(*)') app.stdin.write(ch);
    app.stdin.write('\n');
    for (const ch of 'from x group by 1') app.stdin.write(ch);
    let frame = await waitFor(app.lastFrame, (f) => f.includes('2 │ from x group by 1'));
    expect(frame).toContain('1 │ select segment, count(*)');
    app.stdin.write(KEYS.enter);
    frame = await waitFor(app.lastFrame, (f) => f.includes('3 rows'));
    expect(warehouse.queries).toEqual(['select segment, count(*)\nfrom x group by 1']);
    expect(history.entries()).toEqual(['select segment, count(*)\nfrom x group by 1']);
    expect(frame).toMatch(/3 rows · 7 ms · fake local \[local\]/);
    // The table and, beside it on the same lines, the chart of customers by segment.
    expect(frame).toMatch(/Stable Mid-Spenders +400 +Stable Mid-Spenders +█+ +400/);
    expect(frame).toMatch(/High-Value Travelers +150 +High-Value Travelers +█+▊? +150/);
    expect(frame).toContain('customers by segment');
  });

  it('a failing query shows the database’s message and position on one line', async () => {
    const { app } = open();
    await waitFor(app.lastFrame, (f) => f.includes('Segments: customers'));
    app.stdin.write(':');
    await waitFor(app.lastFrame, (f) => f.includes('Esc back'));
    app.stdin.write('select frm x\r');
    const frame = await waitFor(app.lastFrame, (f) => f.includes('✘'));
    expect(frame).toContain('✘ syntax error at or near "frm" (line 1, column 10)');
  });

  it('↑ recalls earlier talks’ queries; Esc cancels a running query, a second Esc returns to the scene at the same step', async () => {
    const { app, warehouse } = open(new MemorySqlHistory(['select 1 as slow', 'select 2']));
    await waitFor(app.lastFrame, (f) => f.includes('Segments: customers'));
    app.stdin.write(KEYS.right);
    const scene = await waitFor(app.lastFrame, (f) => f.includes('6/10 · 2/4') && f.includes('approved spend per month'));
    app.stdin.write('e');
    await waitFor(app.lastFrame, (f) => f.includes('Esc back'));
    app.stdin.write(KEYS.up);
    await waitFor(app.lastFrame, (f) => f.includes('1 │ select 1 as slow'));
    app.stdin.write(KEYS.enter);
    await waitFor(app.lastFrame, (f) => f.includes('Esc cancels'));
    app.stdin.write(KEYS.escape);
    await waitFor(app.lastFrame, (f) => f.includes('cancelled'));
    expect(warehouse.queries).toEqual(['select 1 as slow']);
    app.stdin.write(KEYS.escape);
    const back = await waitFor(app.lastFrame, (f) => !f.includes('Esc back'));
    expect(back).toContain('6/10 · 2/4');
    expect(back).toContain('approved spend per month');
    expect(back.split('\n').slice(0, 20)).toEqual(scene.split('\n').slice(0, 20));
  });

  it('text typed fast right after e goes into the cell, not to the presenter’s keys', async () => {
    const { app, warehouse } = open();
    await waitFor(app.lastFrame, (f) => f.includes('Segments: customers'));
    app.stdin.write('eselect 1 as n');
    await waitFor(app.lastFrame, (f) => f.includes('1 │ select 1 as n'));
    app.stdin.write(KEYS.escape);
    // The scene as it was: same step, results rather than its SQL ('s'), still the same warehouse ('L').
    const back = await waitFor(app.lastFrame, (f) => !f.includes('Esc back'));
    expect(back).toContain('6/10 · 1/4');
    expect(back).toContain('Segments: customers');
    expect(warehouse.switched).toBe(0);
  });

  it('a date + number result is drawn as a line chart', async () => {
    const months: CellResult = {
      columns: ['month', 'spend'],
      rows: ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01'].map((month, i) => ({ month, spend: 100 + i * 50 })),
      rowCount: 4,
      elapsedMs: 3,
      backend: 'fake local',
    };
    const warehouse = new FakeWarehouse(new FakeRunner(), { query: () => Promise.resolve(months) });
    const app = render(<App scenes={scenes} warehouse={warehouse} startIndex={5} size={SIZE} color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes('Segments: customers'));
    app.stdin.write('e');
    await waitFor(app.lastFrame, (f) => f.includes('Esc back'));
    app.stdin.write('select month, spend from m\r');
    const frame = await waitFor(app.lastFrame, (f) => f.includes('4 rows'));
    expect(frame).toContain('spend by month');
    expect(frame).toMatch(/●/);
    expect(frame).toContain('2024-01-01');
  });

  it('a replay opens the cell on the query typed during the recorded talk, with its recorded answer', async () => {
    const runner = new FakeRunner('replay');
    const session = new RunnerSession(runner, [
      { sceneId: scenes[5]!.id, sql: 'select segment, customers from s', at: '2025-06-30T10:00:00Z', result: SEGMENTS },
    ]);
    const app = render(<App scenes={scenes} warehouse={session} startIndex={5} size={SIZE} color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes('Segments: customers'));
    app.stdin.write('e');
    const frame = await waitFor(app.lastFrame, (f) => f.includes('3 rows'));
    expect(frame).toContain('1 │ select segment, customers from s');
    expect(frame).toContain('[replay]');
    app.stdin.write('\u0015');
    app.stdin.write('select 42\r');
    await waitFor(app.lastFrame, (f) => f.includes('a replay runs no SQL'));
  });
});
