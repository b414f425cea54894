import { useEffect, useRef, type Dispatch } from 'react';
import type { PresenterWarehouse } from '../../scenes/session.js';
import type { Block, ExecutedSql } from '../../scenes/types.js';
import type { ProgressEvent } from '../../backends/backend.js';
import type { Action, PresenterState } from '../model.js';
import { progressUpdates } from './progress-updates.js';

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
      const progress = progressUpdates<{ progress: ProgressEvent; live: Block[] }>((latest) => send({ type: 'run-progress', id, ...latest }));
      const finish = (a: Action) => {
        progress.cancel();
        send(a);
      };
      warehouse
        .run(
          scene,
          {
            params: run.params,
            onProgress: (event) => progress.report({ progress: event }),
            onPoll: (live) => progress.report({ live }),
          },
          run.target,
        )
        .then(
          ({ result, tag }) => finish({ type: 'run-ok', id, result, tag }),
          (err: unknown) => {
            const error = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
            finish({ type: 'run-failed', id, error, sql: (err as { sql?: ExecutedSql[] }).sql });
          },
        );
    }
  }, [state.runs, state.scenes, warehouse, dispatch, now]);
}
