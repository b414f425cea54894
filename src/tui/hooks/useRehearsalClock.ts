import { useEffect, useRef, type Dispatch } from 'react';
import { stepCount } from '../../scenes/steps.js';
import type { Action, PresenterState } from '../model.js';

export interface Clock {
  sceneElapsedMs: number;
  talkElapsedMs: number;
  /** Time spent per scene id, for the rehearsal summary and the exit report. */
  spent: Record<string, number>;
  /** When this scene and the talk started (in `nowFn`'s time), for clocks kept elsewhere (the speaker view). */
  sceneStartedAt: number;
  talkStartedAt: number;
}

/**
 * The talk's clocks: time in this scene and in the whole talk. In rehearse mode it also advances
 * by itself once a step's share of the scene's budget is spent (`speed` runs it faster).
 */
export function useRehearsalClock(state: PresenterState, dispatch: Dispatch<Action>, now: number, nowFn: () => number, speed = 1): Clock {
  const talkStart = useRef(nowFn());
  const sceneStart = useRef(nowFn());
  const spent = useRef<Record<string, number>>({});
  const shown = useRef(state.scenes[state.index]!.id);
  const scene = state.scenes[state.index]!;
  const paused = state.finished;

  // Leaving a scene (or finishing the rehearsal) books the time spent in it.
  if (shown.current !== (paused ? '' : scene.id)) {
    const at = nowFn();
    if (shown.current) spent.current[shown.current] = (spent.current[shown.current] ?? 0) + (at - sceneStart.current);
    shown.current = paused ? '' : scene.id;
    sceneStart.current = at;
  }

  const ready = state.warehouse.status === 'ready';
  useEffect(() => {
    if (state.mode !== 'rehearse' || paused || !ready) return;
    const budgetMs = (scene.duration_seconds * 1000) / stepCount(scene) / speed;
    const timer = setTimeout(() => dispatch({ type: 'advance' }), budgetMs);
    return () => clearTimeout(timer);
  }, [state.mode, state.index, state.step, paused, ready, scene, speed, dispatch]);

  return {
    sceneElapsedMs: paused ? 0 : now - sceneStart.current,
    talkElapsedMs: now - talkStart.current,
    spent: spent.current,
    sceneStartedAt: sceneStart.current,
    talkStartedAt: talkStart.current,
  };
}
