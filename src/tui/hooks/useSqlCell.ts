import { useEffect, useRef, type Dispatch } from 'react';
import { queryErrorLine } from '../../scenes/cell-query.js';
import type { PresenterWarehouse } from '../../scenes/session.js';
import type { SqlHistory } from '../../scenes/sql-history.js';
import { currentScene, type Action, type PresenterState } from '../model.js';

/** How long after the cell opens the warehouse starts getting ready for typed queries. */
const PREPARE_AFTER_MS = 150;

/**
 * Runs the query the SQL cell queued, on the presenter's warehouse, and reports its answer. A
 * query the reducer no longer waits for (Esc, Ctrl-C, the cell closed) is aborted.
 */
export function useSqlCell(warehouse: PresenterWarehouse, state: PresenterState, dispatch: Dispatch<Action>, now: () => number, history: SqlHistory): void {
  const active = useRef<{ id: number; controller: AbortController } | null>(null);
  const run = state.cell?.run;
  const sceneId = currentScene(state).id;
  useEffect(() => {
    const wanted = run && (run.status === 'queued' || run.status === 'running') ? run.id : undefined;
    if (active.current && active.current.id !== wanted) {
      active.current.controller.abort();
      active.current = null;
    }
    if (run?.status !== 'queued' || active.current) return;
    const { id, sql } = run;
    const controller = new AbortController();
    active.current = { id, controller };
    dispatch({ type: 'cell-started', id, startedAt: now() });
    history.add(sql);
    warehouse
      .query(sql, { sceneId, signal: controller.signal })
      .then(
        ({ result, tag }) => dispatch({ type: 'cell-ok', id, result, tag }),
        (err: unknown) => dispatch({ type: 'cell-failed', id, error: queryErrorLine(err) }),
      )
      .finally(() => {
        if (active.current?.id === id) active.current = null;
      });
  }, [run, sceneId, warehouse, dispatch, now, history]);
  useEffect(
    () => () => {
      active.current?.controller.abort();
    },
    [],
  );
  const open = state.cell !== null;
  const prepared = useRef(false);
  useEffect(() => {
    if (!open || prepared.current) return;
    // Once the cell is on screen: loading the translator holds the event loop for a moment, which
    // must not delay the cell's first frame.
    const timer = setTimeout(() => {
      prepared.current = true;
      warehouse.prepareQueries?.();
    }, PREPARE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [open, warehouse]);
}
