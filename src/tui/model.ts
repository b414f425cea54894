import { lookupId, offersLookup, type LookupSpec } from './lookup.js';
import type { ProgressEvent } from '../backends/backend.js';
import type { Scene } from '../scenes/schema.js';
import type { RunTarget, SourceTag, WarehouseInfo } from '../scenes/session.js';
import type { Block, ExecutedSql, SceneResult } from '../scenes/types.js';
import { actionMetaOf } from '../scenes/actions/meta.js';
import { stepCount, stepOfBlocks } from '../scenes/steps.js';
import type { Command } from './keymap.js';
import type { Mode, RunState, WarehouseStatus } from './state.js';
import type { CellResult } from '../scenes/cell-query.js';
import type { EditorKey } from './sql-editor.js';
import { cancelOrClose, cellKey, openCell, queryAnswered, queryStarted, queueQuery, sceneSqlInto, scrollResults, type CellState } from './cell.js';

/** What the header says about the warehouse: a label, and why it is the one in use. */
export interface BackendView {
  label: string;
  tag?: SourceTag;
  notice?: string;
  canBuild: boolean;
  safetyNet: boolean;
}

export type Prompt = { kind: 'goto' | 'lookup'; text: string };

/** The presenter's whole state: one reducer, so every transition is in one place and testable. */
export interface PresenterState {
  scenes: Scene[];
  mode: Mode;
  index: number;
  step: number;
  overlay: 'none' | 'help' | 'blackout';
  prompt: Prompt | null;
  runs: Record<string, RunState>;
  /** Scenes whose last result read tables an action has since written: re-run when revisited. */
  stale: string[];
  warehouse: WarehouseStatus;
  backend: BackendView;
  /** Keys pressed while the warehouse was being checked, acted on once it is known. */
  pending: Command[];
  narration: boolean;
  sql: boolean;
  scroll: number;
  message: string | null;
  /** Rehearse: the summary after the last scene. */
  finished: boolean;
  params: Record<string, Record<string, string | number>>;
  /** `L` was pressed: the warehouse hook switches the session to the local warehouse. */
  switching: boolean;
  /** How the pack's scenes look up one record by id (`c`); null when none does. */
  idLookup: LookupSpec | null;
  /** A lookup in flight: when its result arrives, the step showing that record opens. */
  lookup: { sceneId: string; id: string } | null;
  // --- The SQL cell (src/tui/cell.ts) ---
  /** The SQL cell, open over the scene (which it leaves as it was), or null. */
  cell: CellState | null;
  /** Queries the cell has run this talk: each gets the next number as its id. */
  cellQueries: number;
  /** Rehearse mode's clock moved on while the cell was open: the scene advances when it closes. */
  advanceAfterCell: boolean;
}

export type Action =
  | { type: 'command'; command: Command; maxScroll?: number }
  | { type: 'prompt-key'; input: string; enter?: boolean; escape?: boolean; backspace?: boolean }
  | { type: 'dismiss' }
  | { type: 'warehouse-known'; info: WarehouseInfo }
  | { type: 'warehouse-failed'; error: string }
  | { type: 'build-started'; startedAt: number }
  | { type: 'build-progress'; progress: ProgressEvent }
  | { type: 'build-done'; info: WarehouseInfo }
  | { type: 'build-failed'; error: string }
  | { type: 'run-started'; id: string; startedAt: number }
  | { type: 'run-progress'; id: string; progress?: ProgressEvent; live?: Block[] }
  | { type: 'run-ok'; id: string; result: SceneResult; tag: SourceTag }
  | { type: 'run-failed'; id: string; error: string; sql?: ExecutedSql[]; tag?: SourceTag }
  | { type: 'switched-to-local'; info: WarehouseInfo }
  | { type: 'scenes-reloaded'; scenes: Scene[]; message?: string }
  | { type: 'advance' }
  /** A speaker view (`c360-demo notes`) attached or left. */
  | { type: 'speaker-view'; attached: boolean }
  | CellAction;

/** What the SQL cell's keys and its query hook send (handled in `cellAction`). */
export type CellAction =
  | { type: 'cell-open'; history: string[]; text?: string; run?: boolean; sceneSql?: boolean }
  | { type: 'cell-key'; key: EditorKey }
  | { type: 'cell-run' }
  | { type: 'cell-cancel' }
  | { type: 'cell-scene-sql' }
  | { type: 'cell-scroll'; by: number; max: number }
  | { type: 'cell-started'; id: number; startedAt: number }
  | { type: 'cell-ok'; id: number; result: CellResult; tag: SourceTag }
  | { type: 'cell-failed'; id: number; error: string };

export function initialState(options: {
  scenes: Scene[];
  mode?: Mode;
  startIndex?: number;
  pendingLabel?: string;
  problems?: string[];
  lookup?: LookupSpec;
}): PresenterState {
  const { scenes } = options;
  const problems = options.problems ?? [];
  return {
    scenes,
    mode: options.mode ?? 'live',
    index: Math.min(Math.max(0, options.startIndex ?? 0), scenes.length - 1),
    step: 0,
    overlay: 'none',
    prompt: null,
    runs: {},
    stale: [],
    warehouse: { status: 'checking' },
    backend: { label: options.pendingLabel ?? 'warehouse', canBuild: false, safetyNet: false },
    pending: [],
    narration: true,
    sql: false,
    scroll: 0,
    message: problems.length > 0 ? `⚠ ${problems.length} scene file problem(s), those scenes were skipped: ${problems.join('; ')}` : null,
    finished: false,
    params: {},
    switching: false,
    idLookup: options.lookup ?? null,
    lookup: null,
    cell: null,
    cellQueries: 0,
    advanceAfterCell: false,
  };
}

export const currentScene = (s: PresenterState): Scene => s.scenes[s.index]!;
export const runOf = (s: PresenterState, id: string): RunState => s.runs[id] ?? { status: 'idle' };
const mutates = (scene: Scene) => Boolean(actionMetaOf(scene).mutates);

/** Commands that need to know the warehouse first; pressed while it is checked, they wait. */
const WAITS_FOR_WAREHOUSE: ReadonlySet<Command> = new Set(['build-test', 'build-full', 'skip-build', 'run', 'local-once', 'local-all']);

export function reducer(state: PresenterState, action: Action): PresenterState {
  switch (action.type) {
    case 'command':
      return command(state, action.command, action.maxScroll ?? Number.POSITIVE_INFINITY);
    case 'prompt-key':
      return promptKey(state, action);
    case 'dismiss':
      return { ...state, overlay: 'none' };
    case 'warehouse-known': {
      const info = action.info;
      const warehouse: WarehouseStatus = info.data.status === 'empty' && info.canBuild ? { status: 'empty', detail: info.data.detail } : { status: 'ready' };
      let next: PresenterState = { ...state, warehouse, backend: viewOf(info), pending: [] };
      for (const c of state.pending) next = command(next, c, Number.POSITIVE_INFINITY);
      return autoRun(next);
    }
    case 'warehouse-failed':
      return autoRun({ ...state, warehouse: { status: 'ready' }, message: `warehouse: ${action.error}`, pending: [] });
    case 'build-started':
      return state.warehouse.status === 'build-requested'
        ? { ...state, warehouse: { status: 'building', scale: state.warehouse.scale, startedAt: action.startedAt } }
        : state;
    case 'build-progress':
      return state.warehouse.status === 'building' ? { ...state, warehouse: { ...state.warehouse, progress: action.progress } } : state;
    case 'build-done':
      return autoRun({ ...state, warehouse: { status: 'ready' }, backend: viewOf(action.info), runs: {}, stale: [] });
    case 'build-failed':
      return { ...state, warehouse: { status: 'build-failed', error: action.error } };
    case 'run-started': {
      const current = runOf(state, action.id);
      if (current.status !== 'queued') return state;
      return {
        ...state,
        runs: { ...state.runs, [action.id]: { status: 'running', startedAt: action.startedAt, target: current.target, previous: current.previous } },
      };
    }
    case 'run-progress': {
      const current = runOf(state, action.id);
      if (current.status !== 'running') return state;
      return {
        ...state,
        runs: { ...state.runs, [action.id]: { ...current, progress: action.progress ?? current.progress, live: action.live ?? current.live } },
      };
    }
    case 'run-ok': {
      const current = runOf(state, action.id);
      const target = current.status === 'running' ? current.target : 'primary';
      const scene = state.scenes.find((s) => s.id === action.id);
      // An action that wrote makes the results of scenes that read what it wrote out of date.
      const stale = scene && mutates(scene) ? staleAfter(state, scene) : state.stale.filter((id) => id !== action.id);
      const next = { ...state, stale, runs: { ...state.runs, [action.id]: { status: 'ok' as const, result: action.result, target, tag: action.tag } } };
      // A looked-up customer opens the step that shows them, wherever the presenter was in the scene.
      const lookup = state.lookup;
      if (scene && lookup?.sceneId === action.id) {
        const at = action.result.blocks.findIndex((b) => (b.title ?? '').includes(lookup.id));
        const step = at >= 0 ? stepOfBlocks(scene, action.result.blocks)[at]! : state.step;
        return autoRun({ ...next, lookup: null, step: state.index === state.scenes.indexOf(scene) ? step : state.step, scroll: 0 });
      }
      return autoRun(next);
    }
    case 'run-failed': {
      const current = runOf(state, action.id);
      const target = current.status === 'running' ? current.target : 'primary';
      const offerLocal = target === 'primary' && state.backend.safetyNet;
      return {
        ...state,
        runs: { ...state.runs, [action.id]: { status: 'failed', error: action.error, sql: action.sql, target, tag: action.tag, offerLocal } },
      };
    }
    case 'switched-to-local': {
      // Results that failed on Snowflake are asked again, this time of the local warehouse.
      const runs = Object.fromEntries(Object.entries(state.runs).filter(([, r]) => r.status !== 'failed'));
      return reducer({ ...state, runs, switching: false }, { type: 'warehouse-known', info: action.info });
    }
    case 'scenes-reloaded': {
      const id = currentScene(state).id;
      const at = action.scenes.findIndex((s) => s.id === id);
      const index = at >= 0 ? at : Math.min(state.index, action.scenes.length - 1);
      const step = Math.min(state.step, stepCount(action.scenes[index]!) - 1);
      return { ...state, scenes: action.scenes, index, step, message: action.message ?? state.message };
    }
    case 'advance':
      // The scene under an open SQL cell stays put; it moves on when the cell closes.
      return state.cell ? { ...state, advanceAfterCell: true } : next(state);
    case 'speaker-view':
      // The notes move to the presenter's own screen; `n` still brings them back here. Onboard
      // mode has no second screen: its narration stays.
      return state.mode === 'onboard' ? state : { ...state, narration: !action.attached };
    default:
      return cellAction(state, action);
  }
}

// --- The SQL cell: opening, typing, running, closing. The scene's own state is never touched. ---

/** The statements `s` shows for the current scene: what it ran, else what it will run. */
export function sceneStatements(state: PresenterState): string[] {
  const scene = currentScene(state);
  const run = runOf(state, scene.id);
  const executed = run.status === 'ok' ? run.result.sql : run.status === 'failed' && run.sql?.length ? run.sql : undefined;
  return (executed ?? scene.sql.map((s) => ({ sql: s.text }))).map((s) => s.sql).filter((s) => s.trim() !== '');
}

function cellAction(state: PresenterState, action: CellAction): PresenterState {
  if (action.type === 'cell-open') {
    if (state.cell) return state;
    let cell = openCell(action.history, action.text);
    if (action.sceneSql) cell = sceneSqlInto(cell, sceneStatements(state));
    const opened = { ...state, cell, prompt: null, overlay: 'none' as const, message: null };
    return action.run ? cellAction(opened, { type: 'cell-run' }) : opened;
  }
  const cell = state.cell;
  if (!cell) return state;
  switch (action.type) {
    case 'cell-key':
      return { ...state, cell: cellKey(cell, action.key) };
    case 'cell-run': {
      const id = state.cellQueries + 1;
      const queued = queueQuery(cell, id);
      return queued === cell ? state : { ...state, cell: queued, cellQueries: id };
    }
    case 'cell-cancel': {
      const next = cancelOrClose(cell);
      if (next) return { ...state, cell: next };
      const closed = { ...state, cell: null, advanceAfterCell: false };
      return state.advanceAfterCell ? reducer(closed, { type: 'advance' }) : closed;
    }
    case 'cell-scene-sql':
      return { ...state, cell: sceneSqlInto(cell, sceneStatements(state)) };
    case 'cell-scroll':
      return { ...state, cell: scrollResults(cell, action.by, action.max) };
    case 'cell-started':
      return { ...state, cell: queryStarted(cell, action.id, action.startedAt) };
    case 'cell-ok':
      return { ...state, cell: queryAnswered(cell, action.id, { result: action.result, tag: action.tag }) };
    case 'cell-failed':
      return { ...state, cell: queryAnswered(cell, action.id, { error: action.error }) };
  }
}

function viewOf(info: WarehouseInfo): BackendView {
  return { label: info.label, tag: info.tag, notice: info.notice, canBuild: info.canBuild, safetyNet: info.safetyNet };
}

function lastOk(state: PresenterState, id: string): Extract<RunState, { status: 'ok' }> | undefined {
  const r = state.runs[id];
  if (r?.status === 'ok') return r;
  if (r?.status === 'running' || r?.status === 'queued') return r.previous;
  return undefined;
}

/** Which schemas a scene reads: those its SQL names, and its action's declared reads. */
export function readsOf(scene: Scene): string[] {
  // A schema is the part before the table in SCHEMA.TABLE (or DB.SCHEMA.TABLE).
  const fromSql = scene.sql.flatMap((s) => [...s.text.matchAll(/\b(?:\w+\.)?([A-Za-z_]\w*)\s*\.\s*[A-Za-z_"]/g)].map((m) => m[1]!.toUpperCase()));
  return [...new Set([...fromSql, ...(actionMetaOf(scene).reads ?? [])])];
}

function staleAfter(state: PresenterState, writer: Scene): string[] {
  const wrote = new Set(actionMetaOf(writer).writes ?? []);
  const stale = new Set(state.stale);
  for (const scene of state.scenes) {
    if (scene.id === writer.id) continue;
    if (state.runs[scene.id]?.status !== 'ok') continue;
    if (wrote.has('*') || readsOf(scene).some((schema) => wrote.has(schema) || schema === '*')) stale.add(scene.id);
  }
  return [...stale];
}

/** Queues the current scene when it runs by itself and has no (fresh) result yet. */
function autoRun(state: PresenterState): PresenterState {
  if (state.warehouse.status !== 'ready' || state.finished) return state;
  const scene = currentScene(state);
  if (!scene.auto_run || mutates(scene)) return state;
  const run = runOf(state, scene.id);
  const stale = state.stale.includes(scene.id);
  if (run.status === 'queued' || run.status === 'running') return state;
  if (run.status !== 'idle' && !stale) return state;
  return queue(state, scene, defaultTarget(state, scene));
}

function defaultTarget(state: PresenterState, scene: Scene): RunTarget {
  const r = runOf(state, scene.id);
  return r.status === 'ok' || r.status === 'failed' ? r.target : 'primary';
}

function queue(state: PresenterState, scene: Scene, target: RunTarget): PresenterState {
  const params = state.params[scene.id];
  return {
    ...state,
    stale: state.stale.filter((id) => id !== scene.id),
    runs: { ...state.runs, [scene.id]: { status: 'queued', target, params, previous: lastOk(state, scene.id) } },
  };
}

function goTo(state: PresenterState, to: number, step: 'first' | 'last' = 'first'): PresenterState {
  const index = Math.max(0, Math.min(state.scenes.length - 1, to));
  if (index === state.index) return state;
  const target = state.scenes[index]!;
  return autoRun({ ...state, index, step: step === 'first' ? 0 : stepCount(target) - 1, sql: false, scroll: 0 });
}

function next(state: PresenterState): PresenterState {
  const scene = currentScene(state);
  if (state.step < stepCount(scene) - 1) return { ...state, step: state.step + 1, scroll: 0 };
  if (state.index === state.scenes.length - 1) return state.mode === 'rehearse' ? { ...state, finished: true } : state;
  return goTo(state, state.index + 1);
}

function prev(state: PresenterState): PresenterState {
  if (state.step > 0) return { ...state, step: state.step - 1, scroll: 0 };
  return goTo(state, state.index - 1, 'last');
}

function command(state: PresenterState, c: Command, maxScroll: number): PresenterState {
  const s: PresenterState = { ...state, message: null };
  if (c === 'quit') return s;
  if (s.overlay === 'blackout' || s.overlay === 'help') return { ...s, overlay: 'none' };
  if (s.warehouse.status === 'checking' && WAITS_FOR_WAREHOUSE.has(c)) return { ...s, pending: [...s.pending, c] };
  const offerBuild = s.warehouse.status === 'empty' || s.warehouse.status === 'build-failed';
  if (offerBuild && (c === 'build-test' || c === 'build-full'))
    return { ...s, warehouse: { status: 'build-requested', scale: c === 'build-test' ? 'test' : 'full' } };
  if (offerBuild && c === 'skip-build') return autoRun({ ...s, warehouse: { status: 'ready' } });
  if (s.finished) return c === 'prev' ? { ...s, finished: false } : s;
  const scene = currentScene(s);
  const run = runOf(s, scene.id);
  switch (c) {
    case 'next':
      return next(s);
    case 'prev':
      return prev(s);
    case 'first':
      return goTo(s, 0);
    case 'last':
      return goTo(s, s.scenes.length - 1);
    case 'run':
      if (s.warehouse.status === 'building' || s.warehouse.status === 'build-requested')
        return { ...s, message: 'the warehouse is being built; run the scene when it is done' };
      if (run.status === 'running' || run.status === 'queued') return s;
      return queue(s, scene, defaultTarget(s, scene));
    case 'local-once':
      if (run.status === 'failed' && run.offerLocal) return queue(s, scene, 'local');
      if (!s.backend.safetyNet) return next(s);
      return { ...s, message: 'l shows a scene from the local warehouse after Snowflake fails; L switches the rest of the session' };
    case 'local-all':
      if (!s.backend.safetyNet) return { ...s, message: 'already on the local warehouse' };
      return {
        ...s,
        switching: true,
        backend: { ...s.backend, safetyNet: false, label: 'switching to the local warehouse…' },
        warehouse: { status: 'checking' },
      };
    case 'sql':
      return { ...s, sql: !s.sql, scroll: 0 };
    case 'narration':
      return { ...s, narration: !s.narration };
    case 'goto':
      return { ...s, prompt: { kind: 'goto', text: '' } };
    case 'lookup':
      return offersLookup(s.idLookup, scene.params) ? { ...s, prompt: { kind: 'lookup', text: '' } } : s;
    case 'scroll-down':
      return { ...s, scroll: Math.max(0, Math.min(maxScroll, s.scroll + 1)) };
    case 'scroll-up':
      return { ...s, scroll: Math.max(0, Math.min(maxScroll, s.scroll) - 1) };
    case 'blackout':
      return { ...s, overlay: 'blackout' };
    case 'help':
      return { ...s, overlay: 'help' };
    default:
      return s;
  }
}

function promptKey(state: PresenterState, key: { input: string; enter?: boolean; escape?: boolean; backspace?: boolean }): PresenterState {
  const prompt = state.prompt;
  if (!prompt) return state;
  if (key.escape) return { ...state, prompt: null };
  if (key.backspace) return { ...state, prompt: { ...prompt, text: prompt.text.slice(0, -1) } };
  if (!key.enter) return key.input && /^[\w-]+$/.test(key.input) ? { ...state, prompt: { ...prompt, text: prompt.text + key.input } } : state;
  const text = prompt.text.trim();
  const s: PresenterState = { ...state, prompt: null };
  if (!text) return s;
  if (prompt.kind === 'goto') {
    const byNumber = /^\d+$/.test(text) ? Number(text) - 1 : -1;
    const target = byNumber >= 0 && byNumber < s.scenes.length ? byNumber : s.scenes.findIndex((x) => x.id.startsWith(text.toLowerCase()));
    return target >= 0 ? goTo(s, target) : { ...s, message: `no scene "${text}"` };
  }
  const scene = currentScene(s);
  const spec = s.idLookup;
  if (!offersLookup(spec, scene.params)) return s;
  const id = lookupId(spec, text);
  if (id === null) return { ...s, message: `"${text}" is not a ${spec.noun} id (${spec.example})` };
  const withParams = {
    ...s,
    lookup: { sceneId: scene.id, id },
    params: { ...s.params, [scene.id]: { ...(s.params[scene.id] ?? {}), [spec.param]: id } },
  };
  const run = runOf(s, scene.id);
  if (run.status === 'running' || run.status === 'queued') return withParams;
  return queue(withParams, scene, defaultTarget(s, scene));
}
