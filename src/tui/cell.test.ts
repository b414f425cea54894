import { describe, expect, it } from 'vitest';
import { initialState, reducer, type Action, type PresenterState } from './model.js';
import { deck } from '../../test/tui/fixtures.js';
import type { WarehouseInfo } from '../scenes/session.js';
import type { CellResult } from '../scenes/cell-query.js';

const scenes = deck.scenes;
const LOCAL: WarehouseInfo = { label: 'local', tag: 'local', data: { status: 'ready' }, canBuild: true, safetyNet: false };
const run = (state: PresenterState, ...actions: Action[]) => actions.reduce(reducer, state);
const typed = (text: string): Action => ({ type: 'cell-key', key: { kind: 'insert', text } });
const answer: CellResult = { columns: ['n'], rows: [{ n: 1 }], rowCount: 1, elapsedMs: 2, backend: 'local DuckDB f' };
const ready = () => run(initialState({ scenes, startIndex: 5 }), { type: 'warehouse-known', info: LOCAL });

describe('the SQL cell in the presenter reducer', () => {
  it('opens over the scene, runs a query, and closes leaving scene, step and scroll as they were', () => {
    const before = run(ready(), { type: 'command', command: 'next' }, { type: 'command', command: 'scroll-down', maxScroll: 5 });
    let s = run(before, { type: 'cell-open', history: ['select 0'] }, typed('select 1'), { type: 'cell-run' });
    expect(s.cell?.run).toEqual({ status: 'queued', id: 1, sql: 'select 1' });
    expect(s.cell?.editor.history).toEqual(['select 1', 'select 0']);
    s = run(s, { type: 'cell-started', id: 1, startedAt: 5 }, { type: 'cell-ok', id: 1, result: answer, tag: 'local' });
    expect(s.cell?.run.status).toBe('ok');
    s = run(s, { type: 'cell-cancel' });
    expect(s.cell).toBeNull();
    expect([s.index, s.step, s.scroll, s.runs]).toEqual([before.index, before.step, before.scroll, before.runs]);
  });

  it('Esc while a query runs cancels it and keeps the cell open; its late answer is ignored', () => {
    let s = run(ready(), { type: 'cell-open', history: [] }, typed('select 1'), { type: 'cell-run' }, { type: 'cell-started', id: 1, startedAt: 0 });
    s = run(s, { type: 'cell-cancel' });
    expect(s.cell?.run).toMatchObject({ status: 'failed', error: 'cancelled' });
    s = run(s, { type: 'cell-ok', id: 1, result: answer, tag: 'local' });
    expect(s.cell?.run.status).toBe('failed');
    // The next query gets a new id: an answer for the old one never lands on it.
    s = run(s, { type: 'cell-run' });
    expect(s.cell?.run).toMatchObject({ status: 'queued', id: 2 });
  });

  it('Enter on an empty cell runs nothing', () => {
    const s = run(ready(), { type: 'cell-open', history: [] }, typed('   '), { type: 'cell-run' });
    expect(s.cell?.run.status).toBe('idle');
    expect(s.cellQueries).toBe(0);
  });

  it('E / Ctrl-O put the scene’s statements in the cell, one after the other', () => {
    const statements = scenes[5]!.sql.map((x) => x.text.trim().replace(/;\s*$/, ''));
    expect(statements.length).toBeGreaterThan(1);
    let s = run(ready(), { type: 'cell-open', history: [], sceneSql: true });
    expect(s.cell?.editor.lines.join('\n')).toBe(statements[0]);
    s = run(s, { type: 'cell-scene-sql' });
    expect(s.cell?.editor.lines.join('\n')).toBe(statements[1]);
  });

  it('rehearse mode: the clock moving on while the cell is open advances only once it closes', () => {
    let s = run(initialState({ scenes, mode: 'rehearse', startIndex: 0 }), { type: 'warehouse-known', info: LOCAL }, { type: 'cell-open', history: [] });
    s = run(s, { type: 'advance' });
    expect(s.index).toBe(0);
    s = run(s, { type: 'cell-cancel' });
    expect(s.index).toBe(1);
  });
});
