import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, type Key } from 'ink';
import type { Scene, SceneProblem } from '../scenes/schema.js';
import type { SceneRunner } from '../scenes/runner.js';
import type { WarehouseState } from '../scenes/warehouse.js';
import type { ProgressEvent } from '../backends/backend.js';
import type { ExecutedSql } from '../scenes/types.js';
import { ACTIONS } from '../scenes/actions/index.js';
import { preloadHighlighter } from './sql-highlight.js';
import type { Mode, RunState, WarehouseStatus } from './state.js';
import { useTerminalSize, type TerminalSize } from './hooks/useTerminalSize.js';
import { useNow } from './hooks/useNow.js';
import { SceneList } from './components/SceneList.js';
import { MainPanel } from './components/MainPanel.js';
import { NarrationPanel } from './components/NarrationPanel.js';
import { Footer } from './components/Footer.js';
import { BuildOffer, Help, RehearsalSummary, SmallTerminal, type SummaryRow } from './components/Overlays.js';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export interface AppProps {
  scenes: Scene[];
  problems?: SceneProblem[];
  runner: SceneRunner;
  /** The safety net: a runner on the local backend, offered with `l` when the primary one fails. */
  localRunner?: () => SceneRunner;
  mode?: Mode;
  startIndex?: number;
  /** Checks whether the warehouse has data (local backend); undefined skips the check. */
  checkWarehouse?: () => Promise<WarehouseState>;
  buildWarehouse?: (scale: 'test' | 'full', onProgress: (e: ProgressEvent) => void) => Promise<void>;
  /** Where the warehouse lives, for the build offer. */
  warehouseDescription?: string;
  /** Rehearse mode: scene time multiplier (2 = twice as fast). */
  speed?: number;
  now?: () => number;
  size?: TerminalSize;
  color?: boolean;
  onExit?: (summary: { visited: number; failed: string[] }) => void;
}

type Outcomes = Record<string, RunState>;

/** The presenter: owns all state; the components below only render what they are given. */
export function App(props: AppProps): React.JSX.Element {
  const { scenes, runner, mode = 'live' } = props;
  const nowFn = props.now ?? Date.now;
  const { exit } = useApp();
  const size = useTerminalSize(props.size);
  const now = useNow(nowFn, 1000);
  const [index, setIndex] = useState(Math.min(Math.max(0, props.startIndex ?? 0), scenes.length - 1));
  const [states, setStates] = useState<Outcomes>({});
  const [showNarration, setShowNarration] = useState(true);
  const [showSql, setShowSql] = useState(false);
  const [showHelp, setShowHelp] = useState(false);
  const [gotoInput, setGotoInput] = useState<string | null>(null);
  const [lookupInput, setLookupInput] = useState<string | null>(null);
  const overrides = useRef<Record<string, Record<string, string | number>>>({});
  const [scroll, setScroll] = useState(0);
  const [warehouse, setWarehouse] = useState<WarehouseStatus>({ status: props.checkWarehouse ? 'checking' : 'ready' });
  const [finished, setFinished] = useState(false);
  const [message, setMessage] = useState<string | null>(() => {
    const problems = props.problems ?? [];
    return problems.length > 0 ? `⚠ ${problems.length} scene file problem(s), those scenes were skipped: ${problems.map((p) => `${p.file} ${p.field}: ${p.message}`).join('; ')}` : null;
  });
  const talkStart = useRef(nowFn());
  const sceneStart = useRef(nowFn());
  const spent = useRef<Record<string, number>>({});
  const statesRef = useRef(states);
  statesRef.current = states;
  const localRunnerRef = useRef<SceneRunner | undefined>(undefined);
  const mounted = useRef(true);
  useEffect(() => () => {
    mounted.current = false;
  }, []);

  const scene = scenes[index]!;
  const setState = useCallback((id: string, s: RunState) => {
    if (mounted.current) setStates((prev) => ({ ...prev, [id]: s }));
  }, []);

  const run = useCallback((target: Scene, source: 'primary' | 'local' = 'primary') => {
    const current = statesRef.current[target.id];
    if (current?.status === 'running') return;
    let chosen: SceneRunner = runner;
    if (source === 'local') {
      if (!props.localRunner) return;
      localRunnerRef.current ??= props.localRunner();
      chosen = localRunnerRef.current;
    }
    const startedAt = nowFn();
    let latest: RunState = { status: 'running', startedAt, source };
    setState(target.id, latest);
    const update = (patch: Partial<Extract<RunState, { status: 'running' }>>) => {
      latest = { ...(latest as Extract<RunState, { status: 'running' }>), ...patch };
      setState(target.id, latest);
    };
    chosen
      .run(target, { onProgress: (progress) => update({ progress }), onPoll: (live) => update({ live }), params: overrides.current[target.id] })
      .then((result) => setState(target.id, { status: 'ok', result, source }))
      .catch((err: unknown) => {
        const error = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        const sql = (err as { sql?: ExecutedSql[] }).sql;
        const offerLocal = source === 'primary' && chosen.kind === 'snowflake' && props.localRunner !== undefined;
        setState(target.id, { status: 'failed', error, sql, source, offerLocal });
      });
  }, [runner, props.localRunner, nowFn, setState]);

  // Entering a scene: reset the scene clock, run read-only actions automatically.
  const ready = warehouse.status === 'ready';
  useEffect(() => {
    sceneStart.current = nowFn();
    setScroll(0);
    if (!ready || finished) return;
    const definition = ACTIONS[scene.action];
    if (scene.auto_run && !definition?.mutates && !statesRef.current[scene.id]) run(scene);
  }, [index, ready, finished]);

  // First frame first, then load the SQL highlighter and look at the warehouse.
  useEffect(() => {
    if (props.color !== false) void preloadHighlighter();
  }, []);
  useEffect(() => {
    if (!props.checkWarehouse) return;
    let cancelled = false;
    props.checkWarehouse().then(
      (w) => {
        if (cancelled) return;
        if (!w.bronze) setWarehouse({ status: 'empty', detail: 'no BRONZE tables' });
        else if (!w.gold) setWarehouse({ status: 'empty', detail: `${w.customers ?? 0} customers in BRONZE but no GOLD tables` });
        else setWarehouse({ status: 'ready' });
      },
      (err: unknown) => {
        if (cancelled) return;
        setMessage(`warehouse: ${(err as Error).message.split('\n')[0]}`);
        setWarehouse({ status: 'ready' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const build = (scale: 'test' | 'full') => {
    if (!props.buildWarehouse) return;
    const startedAt = nowFn();
    setWarehouse({ status: 'building', scale, startedAt });
    props.buildWarehouse(scale, (progress) => {
      if (mounted.current) setWarehouse({ status: 'building', scale, startedAt, progress });
    }).then(
      () => {
        if (!mounted.current) return;
        setStates({});
        setWarehouse({ status: 'ready' });
      },
      (err: unknown) => mounted.current && setWarehouse({ status: 'build-failed', error: (err as Error).message.split('\n')[0]! }),
    );
  };

  const leaveScene = useCallback(() => {
    spent.current[scene.id] = (spent.current[scene.id] ?? 0) + (nowFn() - sceneStart.current);
  }, [scene.id, nowFn]);

  const go = useCallback((to: number) => {
    const target = Math.max(0, Math.min(scenes.length - 1, to));
    if (target === index) return;
    leaveScene();
    setShowSql(false);
    setIndex(target);
  }, [index, scenes.length, leaveScene]);

  const next = useCallback(() => {
    if (index === scenes.length - 1) {
      if (mode === 'rehearse' && !finished) {
        leaveScene();
        sceneStart.current = nowFn();
        setFinished(true);
      }
      return;
    }
    go(index + 1);
  }, [index, scenes.length, mode, finished, go, leaveScene, nowFn]);

  // Rehearse: auto-advance once the scene's budget is spent.
  const sceneElapsed = now - sceneStart.current;
  useEffect(() => {
    if (mode !== 'rehearse' || finished || !ready) return;
    const budgetMs = (scene.duration_seconds * 1000) / (props.speed ?? 1);
    const timer = setTimeout(next, Math.max(0, budgetMs - (nowFn() - sceneStart.current)));
    return () => clearTimeout(timer);
  }, [mode, index, finished, ready, next]);

  const quit = () => {
    leaveScene();
    props.onExit?.({ visited: Object.keys(spent.current).length, failed: Object.entries(statesRef.current).filter(([, s]) => s.status === 'failed').map(([id]) => id) });
    exit();
  };

  const state: RunState = states[scene.id] ?? { status: 'idle' };
  const offerLocal = state.status === 'failed' && state.offerLocal;

  // The handler is re-created on every render and read through a ref, so a key that arrives right
  // after a redraw is handled with the state that redraw showed (not a stale closure).
  const handlerRef = useRef<(input: string, key: Key) => void>(() => undefined);
  const stableHandler = useCallback((input: string, key: Key) => handlerRef.current(input, key), []);
  useInput(stableHandler);
  handlerRef.current = (input, key) => {
    setMessage(null);
    if (input === 'q' || (key.ctrl && input === 'c')) return quit();
    if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS) return;
    if (showHelp) return setShowHelp(false);
    if (lookupInput !== null) {
      if (key.escape) return setLookupInput(null);
      if (key.return) {
        const id = lookupInput.trim().toUpperCase();
        setLookupInput(null);
        if (!id) return;
        overrides.current[scene.id] = { ...(overrides.current[scene.id] ?? {}), customer_id: /^\d+$/.test(id) ? `CUST${id.padStart(6, '0')}` : id };
        return run(scene, state.status === 'failed' || state.status === 'ok' ? state.source : 'primary');
      }
      if (key.backspace || key.delete) return setLookupInput(lookupInput.slice(0, -1));
      if (input && /^[\w-]+$/.test(input)) return setLookupInput(lookupInput + input);
      return;
    }
    if (gotoInput !== null) {
      if (key.escape) return setGotoInput(null);
      if (key.return) {
        const text = gotoInput.trim();
        const byNumber = /^\d+$/.test(text) ? Number(text) - 1 : -1;
        const target = byNumber >= 0 && byNumber < scenes.length ? byNumber : scenes.findIndex((s) => s.id.startsWith(text.toLowerCase()));
        setGotoInput(null);
        if (target >= 0) go(target);
        else setMessage(`no scene "${text}"`);
        return;
      }
      if (key.backspace || key.delete) return setGotoInput(gotoInput.slice(0, -1));
      if (input && /^[\w-]+$/.test(input)) return setGotoInput(gotoInput + input);
      return;
    }
    if (warehouse.status === 'empty' || warehouse.status === 'build-failed') {
      if (input === 't') return build('test');
      if (input === 'f') return build('full');
      if (key.escape) return setWarehouse({ status: 'ready' });
    }
    if (finished) {
      if (key.leftArrow || input === 'h') setFinished(false);
      return;
    }
    if (input === 'l' && offerLocal) return run(scene, 'local');
    if (key.rightArrow || input === ' ' || input === 'l') return next();
    if (key.leftArrow || input === 'h') return go(index - 1);
    if (input === 'r') {
      if (warehouse.status === 'building') return setMessage('the warehouse is being built; run the scene when it is done');
      return run(scene, state.status === 'failed' || state.status === 'ok' ? state.source : 'primary');
    }
    if (input === 'n') return setShowNarration((v) => !v);
    if (input === 's') return setShowSql((v) => !v);
    if (input === 'g') return setGotoInput('');
    if (input === 'c' && 'customer_id' in scene.params) return setLookupInput('');
    if (input === '?') return setShowHelp(true);
    if (key.downArrow || input === 'j') return setScroll((s) => s + 1);
    if (key.upArrow || input === 'k') return setScroll((s) => Math.max(0, s - 1));
    if (key.pageDown) return setScroll((s) => s + 10);
    if (key.pageUp) return setScroll((s) => Math.max(0, s - 10));
  };

  if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS) {
    return <SmallTerminal columns={size.columns} rows={size.rows} minColumns={MIN_COLUMNS} minRows={MIN_ROWS} />;
  }

  // Layout: header 1, footer 1; the rest split between the main area and the narration panel.
  const height = size.rows - 1; // one spare line keeps Ink from scrolling the terminal
  const width = size.columns;
  const listWidth = Math.min(30, Math.max(22, Math.floor(width * 0.22)));
  const onboard = mode === 'onboard';
  const narrationHeight = showNarration ? (onboard ? Math.floor((height - 2) * 0.55) : Math.max(8, Math.min(14, Math.floor((height - 2) * 0.36)))) : 0;
  const mainHeight = height - 2 - narrationHeight;
  const talkBudget = scenes.reduce((s, x) => s + x.duration_seconds, 0);
  const failed = state.status === 'failed';
  const narration = showNarration ? <NarrationPanel scene={scene} failed={failed} width={width} height={narrationHeight} onboard={onboard} /> : null;
  const summaryRows: SummaryRow[] = scenes.map((s) => ({ title: s.title.split(' — ')[0]!, plannedS: s.duration_seconds, actualMs: spent.current[s.id] ?? 0, status: states[s.id]?.status ?? 'not run' }));

  let center: React.JSX.Element;
  if (showHelp) center = <Help width={width - listWidth} height={mainHeight} />;
  else if (finished) center = <RehearsalSummary rows={summaryRows} width={width - listWidth} />;
  else if (warehouse.status !== 'ready' && warehouse.status !== 'unknown' && warehouse.status !== 'checking') {
    center = <BuildOffer warehouse={warehouse} where={props.warehouseDescription ?? runner.description} width={width - listWidth} now={now} />;
  } else {
    center = (
      <MainPanel scene={scene} index={index} total={scenes.length} state={state} showSql={showSql} scroll={scroll} width={width - listWidth} height={mainHeight} now={state.status === 'running' ? now : 0} mutates={Boolean(ACTIONS[scene.action]?.mutates)} color={props.color} />
    );
  }
  const status = message
    ?? (gotoInput !== null ? `go to scene (number or id, Enter; Esc cancels): ${gotoInput}▏` : null)
    ?? (lookupInput !== null ? `look up a customer (id like CUST000123 or just 123, Enter; Esc cancels): ${lookupInput}▏` : null);

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box width={width} justifyContent="space-between">
        <Text bold color="cyan" wrap="truncate">c360-demo · Customer 360 panel demo{mode !== 'live' ? ` · ${mode}` : ''}</Text>
        <Text color="gray" wrap="truncate">{runner.description}{warehouse.status === 'checking' ? ' · checking warehouse…' : ''}</Text>
      </Box>
      {onboard ? narration : null}
      <Box flexDirection="row" height={mainHeight}>
        <SceneList scenes={scenes} index={index} states={states} width={listWidth} height={mainHeight} />
        {center}
      </Box>
      {onboard ? null : narration}
      {status ? (
        <Text color={message ? 'yellow' : 'cyan'} wrap="truncate">{status}</Text>
      ) : (
        <Footer width={width} sceneElapsedMs={finished ? 0 : sceneElapsed} sceneBudgetS={scene.duration_seconds} talkElapsedMs={now - talkStart.current} talkBudgetS={talkBudget} offerLocal={offerLocal} mode={mode} />
      )}
    </Box>
  );
}
