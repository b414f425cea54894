import { describe, expect, it } from 'vitest';
import { initialState, readsOf, reducer, type Action, type PresenterState } from './model.js';
import { deck } from '../../test/tui/fixtures.js';
import type { WarehouseInfo } from '../scenes/session.js';
import { loadPack } from '../core/pack.js';

const scenes = deck.scenes;
const LOCAL: WarehouseInfo = { label: 'local DuckDB f', tag: 'local', data: { status: 'ready' }, canBuild: true, safetyNet: false };
const run = (state: PresenterState, ...actions: Action[]) => actions.reduce(reducer, state);
const key = (command: Extract<Action, { type: 'command' }>['command'], maxScroll?: number): Action => ({ type: 'command', command, maxScroll });
const result = (id: string) => ({ sceneId: id, backend: 'b', blocks: [], sql: [], elapsedMs: 1, finishedAt: '' });

describe('presenter reducer', () => {
  it('keeps build keys pressed while the warehouse is checked and acts on them once it is known', () => {
    const empty: WarehouseInfo = { ...LOCAL, data: { status: 'empty', detail: 'no BRONZE.BRONZE_CUSTOMERS table' } };
    const s = run(initialState({ scenes }), key('build-test'));
    expect(s.warehouse.status).toBe('checking');
    expect(s.pending).toEqual(['build-test']);
    const known = reducer(s, { type: 'warehouse-known', info: empty });
    expect(known.warehouse).toEqual({ status: 'build-requested', scale: 'test' });
    expect(known.pending).toEqual([]);
  });

  it('does not offer a build for a warehouse it cannot build (Snowflake)', () => {
    const s = run(
      initialState({ scenes }),
      { type: 'warehouse-known', info: { ...LOCAL, tag: 'snowflake', canBuild: false, data: { status: 'empty', detail: 'x' } } },
      key('build-test'),
    );
    expect(s.warehouse.status).toBe('ready');
  });

  it('queues a read-only scene on arrival once the warehouse is ready, never a writing one', () => {
    let s = run(initialState({ scenes }), { type: 'warehouse-known', info: LOCAL });
    expect(s.runs.architecture?.status).toBe('queued');
    s = run(s, { type: 'command', command: 'last' }, { type: 'command', command: 'first' }, key('next'), key('next'), key('next'));
    expect(s.index).toBe(2);
    expect(s.runs.trigger).toBeUndefined();
  });

  it('walks steps before scenes, both ways', () => {
    let s = run(initialState({ scenes, startIndex: 5 }), { type: 'warehouse-known', info: LOCAL });
    s = reducer(s, key('next'));
    expect([s.index, s.step]).toEqual([5, 1]);
    s = run(s, key('next'), key('next'), key('next'));
    expect([s.index, s.step]).toEqual([6, 0]);
    s = reducer(s, key('prev'));
    expect([s.index, s.step]).toEqual([5, 3]);
  });

  it('clamps scrolling to what there is to scroll', () => {
    let s = initialState({ scenes });
    for (let i = 0; i < 5; i++) s = reducer(s, key('scroll-down', 3));
    expect(s.scroll).toBe(3);
    s = reducer(s, key('scroll-up', 3));
    expect(s.scroll).toBe(2);
  });

  it('marks scenes that read what an action wrote as stale, and re-runs them on arrival', () => {
    let s = run(initialState({ scenes }), { type: 'warehouse-known', info: LOCAL });
    s = run(s, { type: 'run-started', id: 'architecture', startedAt: 0 }, { type: 'run-ok', id: 'architecture', result: result('architecture'), tag: 'local' });
    s = run(
      s,
      key('next'),
      key('next'),
      key('next'),
      key('run'),
      { type: 'run-started', id: 'trigger', startedAt: 0 },
      { type: 'run-ok', id: 'trigger', result: result('trigger'), tag: 'local' },
    );
    expect(s.stale).toContain('architecture');
    s = run(s, key('first'));
    expect(s.runs.architecture?.status).toBe('queued');
    expect(s.stale).not.toContain('architecture');
  });

  it('reads: the schemas a scene’s SQL names plus its action’s', () => {
    expect(readsOf(scenes[5]!)).toContain('GOLD');
    expect(readsOf(scenes[1]!)).toEqual(['ORCHESTRATION']);
  });

  it('l after a Snowflake failure runs the scene on the local warehouse; L switches the session', () => {
    let s = run(initialState({ scenes, startIndex: 1 }), { type: 'warehouse-known', info: { ...LOCAL, tag: 'snowflake', safetyNet: true, canBuild: false } });
    s = run(s, { type: 'run-started', id: 'task-dag', startedAt: 0 }, { type: 'run-failed', id: 'task-dag', error: 'host unreachable' });
    expect(s.runs['task-dag']).toMatchObject({ status: 'failed', offerLocal: true });
    s = reducer(s, key('local-once'));
    expect(s.runs['task-dag']).toMatchObject({ status: 'queued', target: 'local' });
    expect(s.index).toBe(1);
    s = reducer(s, key('local-all'));
    expect(s.switching).toBe(true);
    s = reducer(s, { type: 'switched-to-local', info: { ...LOCAL, notice: 'switched' } });
    expect(s.backend).toMatchObject({ tag: 'local', notice: 'switched', safetyNet: false });
  });

  it('a customer lookup opens the step that shows that customer', () => {
    let s = run(initialState({ scenes, startIndex: 5, lookup: loadPack('credit-card').lookup }), { type: 'warehouse-known', info: LOCAL });
    s = run(s, { type: 'run-started', id: 'customer-360', startedAt: 0 }, { type: 'run-ok', id: 'customer-360', result: result('customer-360'), tag: 'local' });
    expect(s.step).toBe(0);
    s = run(s, key('lookup'), { type: 'prompt-key', input: '7' }, { type: 'prompt-key', input: '', enter: true });
    expect(s.runs['customer-360']).toMatchObject({ status: 'queued', params: { customer_id: 'CUST000007' } });
    const blocks = [
      { kind: 'kpis' as const, title: 'Overview', items: [] },
      { kind: 'table' as const, title: '360 profile: CUST000007 (looked up by id)', columns: [], rows: [] },
    ];
    s = run(
      s,
      { type: 'run-started', id: 'customer-360', startedAt: 0 },
      { type: 'run-ok', id: 'customer-360', result: { ...result('customer-360'), blocks }, tag: 'local' },
    );
    expect(s.step).toBe(3);
  });

  it("a lookup takes the pack's id form from its manifest: a subscriber id prefix in lower case; a mistyped id is refused", () => {
    const media = loadPack('media');
    const profile = { ...scenes[5]!, params: { subscriber_id: '00000000' } };
    let s = run(initialState({ scenes: [profile], lookup: media.lookup }), { type: 'warehouse-known', info: LOCAL });
    s = run(s, { type: 'run-started', id: profile.id, startedAt: 0 }, { type: 'run-ok', id: profile.id, result: result(profile.id), tag: 'local' });
    s = run(s, key('lookup'), ...Array.from('9E13AC29', (input) => ({ type: 'prompt-key' as const, input })), { type: 'prompt-key', input: '', enter: true });
    expect(s.runs[profile.id]).toMatchObject({ status: 'queued', params: { subscriber_id: '9e13ac29' } });
    s = run(s, key('lookup'), { type: 'prompt-key', input: 'CUST7' }, { type: 'prompt-key', input: '', enter: true });
    expect(s.message).toBe('"CUST7" is not a subscriber id (the first 8 characters of its id, e.g. 9e13ac29)');
    // Without a lookup in the manifest, c does nothing.
    expect(run(initialState({ scenes: [profile] }), key('lookup')).prompt).toBeNull();
  });

  it('b blanks, and the next key only brings the scene back', () => {
    let s = run(initialState({ scenes }), key('blackout'));
    expect(s.overlay).toBe('blackout');
    s = reducer(s, key('next'));
    expect([s.overlay, s.index]).toEqual(['none', 0]);
  });
});
