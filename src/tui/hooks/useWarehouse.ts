import { useEffect, useRef, type Dispatch } from 'react';
import type { ProgressEvent } from '../../backends/backend.js';
import type { PresenterWarehouse } from '../../scenes/session.js';
import type { Action, PresenterState } from '../model.js';
import { progressUpdates } from './progress-updates.js';

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

/**
 * The warehouse side of the presenter: finds out which warehouse is in use (after the first frame),
 * builds it when the presenter asks, and switches to the local one on `L`.
 */
export function useWarehouse(warehouse: PresenterWarehouse, state: PresenterState, dispatch: Dispatch<Action>, now: () => number): void {
  const alive = useRef(true);
  const building = useRef<AbortController | null>(null);
  useEffect(() => {
    alive.current = true;
    warehouse.open().then(
      (info) => alive.current && dispatch({ type: 'warehouse-known', info }),
      (err: unknown) => alive.current && dispatch({ type: 'warehouse-failed', error: firstLine(err) }),
    );
    return () => {
      alive.current = false;
      building.current?.abort();
    };
  }, [warehouse, dispatch]);

  const request = state.warehouse.status === 'build-requested' ? state.warehouse.scale : null;
  useEffect(() => {
    if (!request) return;
    const controller = new AbortController();
    building.current = controller;
    dispatch({ type: 'build-started', startedAt: now() });
    const updates = progressUpdates<{ progress: ProgressEvent }>(({ progress }) => progress && alive.current && dispatch({ type: 'build-progress', progress }));
    const finish = (a: Action) => {
      updates.cancel();
      if (alive.current) dispatch(a);
    };
    warehouse
      .build(request, (progress) => updates.report({ progress }), controller.signal)
      .then(
        (info) => finish({ type: 'build-done', info }),
        (err: unknown) => finish({ type: 'build-failed', error: firstLine(err) }),
      );
  }, [request, warehouse, dispatch, now]);

  useEffect(() => {
    if (!state.switching) return;
    warehouse.switchToLocal().then(
      (info) => alive.current && dispatch({ type: 'switched-to-local', info }),
      (err: unknown) => alive.current && dispatch({ type: 'warehouse-failed', error: firstLine(err) }),
    );
  }, [state.switching, warehouse, dispatch]);
}
