import type { CellResult } from '../scenes/cell-query.js';
import type { SourceTag } from '../scenes/session.js';
import { editorOf, editorReducer, editorText, type EditorKey, type EditorState } from './sql-editor.js';

/**
 * The SQL cell's state: what is typed, and the query it last ran. The presenter's reducer
 * (`model.ts`) keeps it beside the scene's state, which the cell never changes.
 */
export type CellRun =
  | { status: 'idle' }
  /** `queued` asks the cell hook to run it; `id` tells its answer from a cancelled one's. */
  | { status: 'queued'; id: number; sql: string }
  | { status: 'running'; id: number; sql: string; startedAt: number }
  | { status: 'ok'; id: number; sql: string; result: CellResult; tag: SourceTag }
  | { status: 'failed'; id: number; sql: string; error: string };

export interface CellState {
  editor: EditorState;
  run: CellRun;
  /** First result row shown (the table scrolls under its header). */
  scroll: number;
  /** Which of the scene's statements the last Ctrl-O put in the cell. */
  sceneSqlAt: number;
}

export function openCell(history: string[], text = ''): CellState {
  return { editor: editorOf(text, history), run: { status: 'idle' }, scroll: 0, sceneSqlAt: -1 };
}

export function cellKey(cell: CellState, key: EditorKey): CellState {
  return { ...cell, editor: editorReducer(cell.editor, key) };
}

/** Enter: the text becomes a query to run (and the newest history entry); empty text does nothing. */
export function queueQuery(cell: CellState, id: number): CellState {
  const sql = editorText(cell.editor).trim();
  if (sql === '' || cell.run.status === 'queued' || cell.run.status === 'running') return cell;
  const history = [sql, ...cell.editor.history.filter((h) => h !== sql)];
  return { ...cell, editor: { ...cell.editor, history, historyAt: -1 }, run: { status: 'queued', id, sql }, scroll: 0 };
}

export const queryRunning = (cell: CellState | null): boolean => cell?.run.status === 'queued' || cell?.run.status === 'running';

/** Esc or Ctrl-C: a running query is cancelled (the cell stays open); otherwise the cell closes. */
export function cancelOrClose(cell: CellState): CellState | null {
  if (!queryRunning(cell)) return null;
  return { ...cell, run: { status: 'failed', id: (cell.run as { id: number }).id, sql: (cell.run as { sql: string }).sql, error: 'cancelled' } };
}

/** Ctrl-O: the scene's next statement (as `s` shows it) replaces the text. */
export function sceneSqlInto(cell: CellState, statements: string[]): CellState {
  if (statements.length === 0) return cell;
  const at = (cell.sceneSqlAt + 1) % statements.length;
  return { ...cell, sceneSqlAt: at, editor: editorReducer(cell.editor, { kind: 'set', text: statements[at]!.trim().replace(/;\s*$/, '') }) };
}

export function queryStarted(cell: CellState, id: number, startedAt: number): CellState {
  return cell.run.status === 'queued' && cell.run.id === id ? { ...cell, run: { status: 'running', id, sql: cell.run.sql, startedAt } } : cell;
}

export function queryAnswered(cell: CellState, id: number, outcome: { result: CellResult; tag: SourceTag } | { error: string }): CellState {
  const run = cell.run;
  if ((run.status !== 'running' && run.status !== 'queued') || run.id !== id) return cell;
  return 'error' in outcome
    ? { ...cell, run: { status: 'failed', id, sql: run.sql, error: outcome.error } }
    : { ...cell, run: { status: 'ok', id, sql: run.sql, result: outcome.result, tag: outcome.tag }, scroll: 0 };
}

export function scrollResults(cell: CellState, by: number, max: number): CellState {
  return { ...cell, scroll: Math.max(0, Math.min(max, cell.scroll + by)) };
}
