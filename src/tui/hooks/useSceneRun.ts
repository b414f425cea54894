import { useEffect, useRef, type Dispatch } from 'react';
import type { PresenterWarehouse } from '../../scenes/session.js';
import type { ExecutedSql } from '../../scenes/types.js';
import type { Action, PresenterState } from '../model.js';

/**
 * Starts the scene runs the reducer queued and reports their progress and outcome back to it.
 * The work (queries, actions) happens in the warehouse; this hook only connects the two.
 */
export function useSceneRun(warehouse: PresenterWarehouse, state: PresenterState, dispatch: Dispatch<Action>, now: () => number): void {
  const alive = useRef(true);
  const started = useRef(new Set<object>());
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  useEffect(() => {
    for (const [id, run] of Object.entries(state.runs)) {
      if (run.status !== 'queued' || started.current.has(run)) continue;
      started.current.add(run);
      const scene = state.scenes.find((s) => s.id === id);
      if (!scene) continue;
      dispatch({ type: 'run-started', id, startedAt: now() });
      const send = (a: Action) => alive.current && dispatch(a);
      warehouse
        .run(
          scene,
          {
            params: run.params,
            onProgress: (progress) => send({ type: 'run-progress', id, progress }),
            onPoll: (live) => send({ type: 'run-progress', id, live }),
          },
          run.target,
        )
        .then(
          ({ result, tag }) => send({ type: 'run-ok', id, result, tag }),
          (err: unknown) => {
            const error = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
            send({ type: 'run-failed', id, error, sql: (err as { sql?: ExecutedSql[] }).sql });
          },
        );
    }
  }, [state.runs, state.scenes, warehouse, dispatch, now]);
}
