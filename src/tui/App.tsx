import { offersLookup, type LookupSpec } from './lookup.js';
import React, { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { Box, Text, useApp, useInput, type Key } from 'ink';
import type { Scene, SceneProblem } from '../scenes/schema.js';
import type { PresenterWarehouse } from '../scenes/session.js';
import { mutates } from '../scenes/actions/meta.js';
import { stepCount } from '../scenes/steps.js';
import { preloadHighlighter } from './sql-highlight.js';
import type { Mode, RunState } from './state.js';
import { commandFor } from './keymap.js';
import { currentScene, initialState, reducer, runOf, type Action, type PresenterState } from './model.js';
import { useTerminalSize, type TerminalSize } from './hooks/useTerminalSize.js';
import { useNow } from './hooks/useNow.js';
import { useWarehouse } from './hooks/useWarehouse.js';
import { useSceneRun } from './hooks/useSceneRun.js';
import { useRehearsalClock } from './hooks/useRehearsalClock.js';
import { useSpeakerView } from './hooks/useSpeakerView.js';
import type { SpeakerChannel } from './speaker/publisher.js';
import { SceneStrip, sceneStripText } from './components/SceneStrip.js';
import { MainPanel, mainPanelLines, panelBodyHeight, progressText } from './components/MainPanel.js';
import { NarrationPanel, narrationLines } from './components/NarrationPanel.js';
import { Footer } from './components/Footer.js';
import { Header, headerHeight } from './components/Header.js';
import { Help } from './components/Help.js';
import { BuildOffer, type BuildOfferText } from './components/BuildOffer.js';
import { RehearsalSummary, type SummaryRow } from './components/RehearsalSummary.js';
import { SmallTerminal } from './components/SmallTerminal.js';
import { Blackout } from './components/Blackout.js';
import { clock } from './format-time.js';
import { useSqlCell } from './hooks/useSqlCell.js';
import { SqlCell, cellMaxScroll } from './components/SqlCell.js';
import { MemorySqlHistory, type SqlHistory } from '../scenes/sql-history.js';
import type { EditorKey } from './sql-editor.js';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

/** The offer when no pack text is given (tests, a recording). */
const GENERIC_OFFER: BuildOfferText = { pipeline: "the pack's pipeline", test: 'the smallest data set', full: 'the full data set' };

export interface ExitSummary {
  visited: number;
  failed: string[];
  /** Scenes that never produced a result (for the recording's warning). */
  withoutResult: string[];
}

export interface AppProps {
  scenes: Scene[];
  problems?: SceneProblem[];
  warehouse: PresenterWarehouse;
  mode?: Mode;
  startIndex?: number;
  /** Rehearse mode: scene time multiplier (2 = twice as fast). */
  speed?: number;
  now?: () => number;
  size?: TerminalSize;
  color?: boolean;
  /** Rehearse mode: reloaded scenes (or the error that kept the last good ones). */
  subscribeScenes?: (listener: (update: { scenes: Scene[]; message?: string }) => void) => () => void;
  onExit?: (summary: ExitSummary) => void;
  /** Called once, when the first scene result is on screen (C360_TIMING reports it). */
  onFirstResult?: () => void;
  /** Queries typed in the SQL cell, in this talk and earlier ones (↑ recalls them). */
  sqlHistory?: SqlHistory;
  /** Where the speaker view (`c360-demo notes`) follows the presenter. */
  speaker?: SpeakerChannel;
  /** What the empty-warehouse offer says: the pack's pipeline and scales. */
  buildOffer?: BuildOfferText;
  /** How the pack's scenes look up one record by id (`c`), from its manifest. */
  lookup?: LookupSpec;
}

const firstTitle = (s: Scene) => s.title.split(' — ')[0]!;

/** The presenter: one reducer holds the state; hooks do the work; components draw. */
export function App(props: AppProps): React.JSX.Element {
  const { warehouse, color, subscribeScenes, onFirstResult, onExit } = props;
  const nowFn = props.now ?? Date.now;
  const { exit } = useApp();
  const size = useTerminalSize(props.size);
  const now = useNow(nowFn, 1000);
  const [state, dispatch] = useReducer(reducer, undefined, () =>
    initialState({
      scenes: props.scenes,
      mode: props.mode,
      startIndex: props.startIndex,
      pendingLabel: warehouse.pendingLabel,
      problems: (props.problems ?? []).map((p) => `${p.file} ${p.field}: ${p.message}`),
      lookup: props.lookup,
    }),
  );
  useWarehouse(warehouse, state, dispatch, nowFn);
  useSceneRun(warehouse, state, dispatch, nowFn);
  const sqlHistory = useMemo(() => props.sqlHistory ?? new MemorySqlHistory(), [props.sqlHistory]);
  useSqlCell(warehouse, state, dispatch, nowFn, sqlHistory);
  const clockState = useRehearsalClock(state, dispatch, now, nowFn, props.speed ?? 1);
  useSpeakerView(props.speaker, state, dispatch, clockState, nowFn);

  // The SQL highlighter (~150 ms of loading) waits until the first scene's data is on screen.
  useEffect(() => {
    if (color === false) return;
    const timer = setTimeout(() => void preloadHighlighter(), 3_000);
    return () => clearTimeout(timer);
  }, [color]);
  useEffect(() => subscribeScenes?.((u) => dispatch({ type: 'scenes-reloaded', scenes: u.scenes, message: u.message })), [subscribeScenes]);
  const reported = useRef(false);
  const hasResult = Object.values(state.runs).some((r) => r.status === 'ok');
  useEffect(() => {
    if (hasResult && !reported.current) {
      reported.current = true;
      onFirstResult?.();
    }
  }, [hasResult, onFirstResult]);

  const layout = computeLayout(state, size);
  const scene = currentScene(state);
  const run = runOf(state, scene.id);
  const background = backgroundRun(state);
  // The clock only matters to a running scene: other scenes are not redrawn every second.
  const runningNow = run.status === 'running' ? now : 0;
  const blockedBy = background && background.scene.id !== scene.id ? firstTitle(background.scene) : undefined;
  const lines = useMemo(
    () =>
      mainPanelLines({
        scene,
        step: state.step,
        state: run,
        showSql: state.sql,
        width: layout.mainWidth - 4,
        now: runningNow,
        mutates: mutates(scene),
        blockedBy,
        color,
        lookupNoun: offersLookup(state.idLookup, scene.params) ? state.idLookup.noun : undefined,
      }),
    [scene, state.step, run, state.sql, layout.mainWidth, runningNow, blockedBy, color, state.idLookup],
  );
  const maxScroll = Math.max(0, lines.length - panelBodyHeight(layout.mainHeight));
  // The SQL cell takes the notes' rows too (unless they sit beside the results).
  const cellHeight = layout.side ? layout.mainHeight : layout.mainHeight + layout.narrationHeight;

  const stateRef = useRef(state);
  stateRef.current = state;
  const quit = useCallback(() => {
    const s = stateRef.current;
    const spent = clockState.spent;
    onExit?.({
      visited: new Set([...Object.keys(spent), currentScene(s).id]).size,
      failed: Object.entries(s.runs)
        .filter(([, r]) => r.status === 'failed')
        .map(([id]) => id),
      withoutResult: s.scenes.filter((x) => s.runs[x.id]?.status !== 'ok').map((x) => x.id),
    });
    exit();
  }, [exit, onExit, clockState.spent]);

  // Read through a ref so a key that arrives right after a redraw sees that redraw's state.
  const handler = useRef<(input: string, key: Key) => void>(() => undefined);
  handler.current = (input, key) => {
    const s = stateRef.current;
    const send = (a: Action) => dispatch(a);
    if (s.cell) return cellInput(input, key, send, cellMaxScroll(s.cell, layout.mainWidth, cellHeight));
    if (s.prompt) {
      if (key.ctrl && input === 'c') return quit();
      // Fast typing or a paste arrives as one chunk ("123\r"): take it character by character.
      if (input.length > 1) {
        for (const ch of input) send(ch === '\r' || ch === '\n' ? { type: 'prompt-key', input: '', enter: true } : { type: 'prompt-key', input: ch });
        return;
      }
      return send({ type: 'prompt-key', input, enter: key.return, escape: key.escape, backspace: key.backspace || key.delete });
    }
    if (s.overlay !== 'none') return send({ type: 'dismiss' });
    // Keys pressed faster than a redraw can arrive as one chunk ("  " from a clicker, "jjj").
    if (input.length > 1 && /^[\x20-\x7e]+$/.test(input) && !key.ctrl && !key.meta) {
      for (let i = 0; i < input.length; i++) {
        handler.current(input[i]!, key);
        // What follows the key that opens the SQL cell is typed into it, not taken as commands.
        const opens = commandFor(input[i]!, key);
        if ((opens === 'sql-cell' || opens === 'sql-cell-scene') && i < input.length - 1) {
          send({ type: 'cell-key', key: { kind: 'insert', text: input.slice(i + 1) } });
          return;
        }
      }
      return;
    }
    const command = commandFor(input, key);
    if (command === 'quit') return quit();
    if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS || !command) return;
    if (command === 'sql-cell' || command === 'sql-cell-scene') {
      if (s.finished) return;
      // A replay opens the cell on what was asked during the recorded talk, with its recorded answer.
      const asked = command === 'sql-cell' ? warehouse.recordedQueries?.(currentScene(s).id) : undefined;
      const last = asked?.[asked.length - 1];
      const history = [...new Set([...(asked ?? []).map((q) => q.sql).reverse(), ...sqlHistory.entries()])];
      return send({ type: 'cell-open', history, text: last?.sql, run: Boolean(last), sceneSql: command === 'sql-cell-scene' });
    }
    send({ type: 'command', command, maxScroll });
  };
  const stable = useCallback((input: string, key: Key) => handler.current(input, key), []);
  useInput(stable);

  if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS) {
    return <SmallTerminal columns={size.columns} rows={size.rows} minColumns={MIN_COLUMNS} minRows={MIN_ROWS} />;
  }
  if (state.overlay === 'blackout') return <Blackout width={size.columns} height={layout.height} />;

  const { width, mainWidth, mainHeight, narrationHeight } = layout;
  const onboard = state.mode === 'onboard';
  const failed = run.status === 'failed';
  const narration = state.narration ? (
    <NarrationPanel scene={scene} step={state.step} failed={failed} width={layout.notesWidth} height={narrationHeight} onboard={onboard} />
  ) : null;
  const checking = state.warehouse.status === 'checking';

  let center: React.JSX.Element;
  const helpOpen = state.overlay === 'help';
  const cellOpen = state.cell !== null && !helpOpen;
  // Help takes the notes' rows too: every key must be on screen, even at 80x24.
  if (helpOpen) center = <Help width={layout.side ? mainWidth : width} height={layout.side ? mainHeight : mainHeight + narrationHeight} />;
  else if (state.cell) center = <SqlCell cell={state.cell} width={mainWidth} height={cellHeight} now={now} color={color} />;
  else if (state.finished) center = <RehearsalSummary rows={summaryRows(state, clockState.spent)} width={mainWidth} />;
  else if (!checking && state.warehouse.status !== 'ready') {
    center = <BuildOffer warehouse={state.warehouse} where={state.backend.label} width={mainWidth} now={now} text={props.buildOffer ?? GENERIC_OFFER} />;
  } else {
    const steps = stepCount(scene);
    // A step's own title says what this pause shows.
    const stepTitle = scene.steps[state.step]?.title;
    const position = `${state.index + 1}/${state.scenes.length}${steps > 1 ? ` · ${state.step + 1}/${steps}` : ''}`;
    const shownTag = run.status === 'ok' ? run.tag : run.status === 'running' || run.status === 'queued' ? run.previous?.tag : undefined;
    center = (
      <MainPanel
        title={stepTitle ? `${firstTitle(scene)} — ${stepTitle}` : scene.title}
        shortTitle={firstTitle(scene)}
        position={position}
        lines={lines}
        scroll={Math.min(state.scroll, maxScroll)}
        width={mainWidth}
        height={mainHeight}
        running={run.status === 'running'}
        tag={shownTag}
        tagColor={shownTag === 'local' && state.backend.tag === 'snowflake' ? 'magenta' : 'gray'}
      />
    );
  }
  const prompt = state.prompt;
  const status =
    state.message ??
    (prompt?.kind === 'goto' ? `go to scene (number or id, Enter; Esc cancels): ${prompt.text}▏` : null) ??
    (prompt?.kind === 'lookup' && state.idLookup ? `look up a ${state.idLookup.noun} (${state.idLookup.example}, Enter; Esc cancels): ${prompt.text}▏` : null);
  const offerLocal = run.status === 'failed' && run.offerLocal;
  // While the SQL cell is open the scene's keys type text: the footer says how to get back.
  const hint = cellOpen
    ? 'SQL cell · Esc back to the scene'
    : offerLocal
      ? width >= 110
        ? 'l local · L local for the rest · r retry · → next · ? help · q quit'
        : 'l local · L all local · r retry · ? help · q quit'
      : width >= 110
        ? '→ next · ← back · r run · s SQL · n notes · b blank · ? help · q quit'
        : '→ next · ← back · r run · ? help · q quit';
  const strip = sceneStripText(state.scenes, state.runs);

  return (
    <Box flexDirection="column" width={width} height={layout.height}>
      <Header
        width={width}
        mode={state.mode}
        label={state.backend.label}
        checking={checking}
        notice={state.backend.notice}
        strip={<SceneStrip scenes={state.scenes} index={state.index} states={state.runs} />}
        stripWidth={strip.length}
        background={
          background
            ? `${firstTitle(background.scene)} ${clock(now - background.run.startedAt)}${background.run.progress ? ` ${progressText(background.run.progress, 10)}` : ''}`
            : undefined
        }
      />
      {onboard && !helpOpen && !cellOpen ? narration : null}
      <Box flexDirection="row" height={(helpOpen || cellOpen) && !layout.side ? mainHeight + narrationHeight : mainHeight}>
        {center}
        {layout.side ? narration : null}
      </Box>
      {onboard || layout.side || helpOpen || cellOpen ? null : narration}
      {status ? (
        <Text color={state.message ? 'yellow' : 'cyan'} wrap="truncate">
          {status}
        </Text>
      ) : (
        <Footer
          width={width}
          sceneElapsedMs={clockState.sceneElapsedMs}
          sceneBudgetS={scene.duration_seconds}
          talkElapsedMs={clockState.talkElapsedMs}
          talkBudgetS={state.scenes.reduce((s, x) => s + x.duration_seconds, 0)}
          hint={hint}
          highlight={offerLocal}
        />
      )}
    </Box>
  );
}

/** The SQL cell's keys: editing, running, cancelling, scrolling the result. Nothing here quits. */
function cellInput(input: string, key: Key, send: (a: Action) => void, maxScroll: number): void {
  const edit = (k: EditorKey) => send({ type: 'cell-key', key: k });
  if (key.escape || (key.ctrl && input === 'c')) return send({ type: 'cell-cancel' });
  // Terminals send Ctrl-J as a bare line feed; Shift+Enter and Alt+Enter arrive as a modified return where they can be told apart.
  if (input === '\n' || (key.return && (key.shift || key.meta))) return edit({ kind: 'newline' });
  if (key.return) return send({ type: 'cell-run' });
  if (key.ctrl && input === 'o') return send({ type: 'cell-scene-sql' });
  if (key.ctrl && input === 'u') return edit({ kind: 'set', text: '' });
  if (key.pageDown) return send({ type: 'cell-scroll', by: 10, max: maxScroll });
  if (key.pageUp) return send({ type: 'cell-scroll', by: -10, max: maxScroll });
  if (key.upArrow) return edit({ kind: 'up' });
  if (key.downArrow) return edit({ kind: 'down' });
  if (key.leftArrow) return edit({ kind: 'left' });
  if (key.rightArrow) return edit({ kind: 'right' });
  if (key.home || (key.ctrl && input === 'a')) return edit({ kind: 'home' });
  if (key.end || (key.ctrl && input === 'e')) return edit({ kind: 'end' });
  if (key.backspace || key.delete) return edit({ kind: 'backspace' });
  if (key.tab) return edit({ kind: 'insert', text: '  ' });
  if (key.ctrl || !input) return;
  // Typed faster than a redraw ("select 1\r" in one chunk): the text, then Enter. A paste of
  // several lines keeps its line breaks.
  if (input.length > 1 && /^[^\r\n]*\r$/.test(input)) {
    edit({ kind: 'insert', text: input.slice(0, -1) });
    return send({ type: 'cell-run' });
  }
  edit({ kind: 'insert', text: input });
}

export interface Layout {
  width: number;
  height: number;
  /** Notes beside the results (wide screens) rather than below them. */
  side: boolean;
  mainWidth: number;
  mainHeight: number;
  notesWidth: number;
  narrationHeight: number;
}

/** From this many columns the notes go beside the results. */
export const SIDE_NOTES_FROM = 160;

/** Header, results, notes and footer: how many rows and columns each gets. */
export function computeLayout(state: PresenterState, size: TerminalSize): Layout {
  const height = size.rows - 1; // one spare line keeps Ink from scrolling the terminal
  const width = size.columns;
  const header = headerHeight({ notice: state.backend.notice, background: backgroundRun(state) ? 'x' : undefined });
  const available = height - header - 1;
  const onboard = state.mode === 'onboard';
  const side = width >= SIDE_NOTES_FROM && !onboard && state.narration;
  if (side) {
    const notesWidth = Math.floor(width * 0.36);
    return { width, height, side, mainWidth: width - notesWidth, mainHeight: available, notesWidth, narrationHeight: available };
  }
  let narrationHeight = 0;
  if (state.narration) {
    const scene = currentScene(state);
    const failed = runOf(state, scene.id).status === 'failed';
    // As tall as the notes need, within limits that leave the results most of the screen.
    const needed = narrationLines(scene, failed, width, onboard).length + 2;
    narrationHeight = onboard
      ? Math.min(needed, Math.floor(available * 0.55))
      : Math.max(Math.min(9, Math.floor(available * 0.45)), Math.min(needed, Math.floor(available * 0.36)));
  }
  return { width, height, side, mainWidth: width, mainHeight: available - narrationHeight, notesWidth: width, narrationHeight };
}

/** A writing action (the trigger, the stream) still running, wherever the presenter is now. */
function backgroundRun(state: PresenterState): { scene: Scene; run: Extract<RunState, { status: 'running' }> } | undefined {
  for (const scene of state.scenes) {
    const run = state.runs[scene.id];
    if (run?.status === 'running' && mutates(scene) && scene.id !== currentScene(state).id) return { scene, run };
  }
  return undefined;
}

function summaryRows(state: PresenterState, spent: Record<string, number>): SummaryRow[] {
  return state.scenes.map((s) => ({
    title: firstTitle(s),
    plannedS: s.duration_seconds,
    actualMs: spent[s.id] ?? 0,
    status: state.runs[s.id]?.status ?? 'not run',
  }));
}
