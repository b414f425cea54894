/**
 * The SQL cell's text editor as a pure reducer: lines, a cursor and a walk through the query
 * history. No terminal is involved, so every key's effect is tested directly.
 */
export interface EditorState {
  lines: string[];
  row: number;
  col: number;
  /** Earlier queries, most recent first. */
  history: string[];
  /** Position in `history` while walking it (-1: the text being written). */
  historyAt: number;
  /** The text being written, kept while ↑ walks the history so ↓ can come back to it. */
  draft: string;
}

export type EditorKey =
  | { kind: 'insert'; text: string }
  | { kind: 'newline' }
  | { kind: 'backspace' }
  | { kind: 'left' }
  | { kind: 'right' }
  | { kind: 'up' }
  | { kind: 'down' }
  | { kind: 'home' }
  | { kind: 'end' }
  | { kind: 'set'; text: string };

export function editorOf(text: string, history: string[] = []): EditorState {
  const lines = text.split('\n');
  return { lines, row: lines.length - 1, col: lines[lines.length - 1]!.length, history, historyAt: -1, draft: text };
}

export const editorText = (e: EditorState): string => e.lines.join('\n');

/** The editor with `text` in it, cursor at the end, history position kept. */
function withText(e: EditorState, text: string): EditorState {
  const lines = text.split('\n');
  return { ...e, lines, row: lines.length - 1, col: lines[lines.length - 1]!.length };
}

export function editorReducer(e: EditorState, key: EditorKey): EditorState {
  const line = e.lines[e.row]!;
  switch (key.kind) {
    case 'insert': {
      if (key.text === '') return e;
      // A paste may hold several lines (terminals send \r for each).
      const parts = key.text.replace(/\r\n?/g, '\n').replace(/\t/g, '  ').split('\n');
      const before = line.slice(0, e.col);
      const after = line.slice(e.col);
      const inserted = parts.length === 1 ? [before + parts[0]! + after] : [before + parts[0]!, ...parts.slice(1, -1), parts[parts.length - 1]! + after];
      const lines = [...e.lines.slice(0, e.row), ...inserted, ...e.lines.slice(e.row + 1)];
      const row = e.row + parts.length - 1;
      const col = parts.length === 1 ? e.col + parts[0]!.length : parts[parts.length - 1]!.length;
      return { ...e, lines, row, col, historyAt: -1 };
    }
    case 'newline':
      return editorReducer(e, { kind: 'insert', text: '\n' });
    case 'backspace': {
      if (e.col > 0) {
        const lines = [...e.lines];
        lines[e.row] = line.slice(0, e.col - 1) + line.slice(e.col);
        return { ...e, lines, col: e.col - 1, historyAt: -1 };
      }
      if (e.row === 0) return e;
      const above = e.lines[e.row - 1]!;
      const lines = [...e.lines.slice(0, e.row - 1), above + line, ...e.lines.slice(e.row + 1)];
      return { ...e, lines, row: e.row - 1, col: above.length, historyAt: -1 };
    }
    case 'left':
      if (e.col > 0) return { ...e, col: e.col - 1 };
      return e.row > 0 ? { ...e, row: e.row - 1, col: e.lines[e.row - 1]!.length } : e;
    case 'right':
      if (e.col < line.length) return { ...e, col: e.col + 1 };
      return e.row < e.lines.length - 1 ? { ...e, row: e.row + 1, col: 0 } : e;
    case 'home':
      return { ...e, col: 0 };
    case 'end':
      return { ...e, col: line.length };
    case 'up':
      // Within the text ↑ moves up a line; on the first line it walks back through the history.
      if (e.row > 0) return { ...e, row: e.row - 1, col: Math.min(e.col, e.lines[e.row - 1]!.length) };
      return historyStep(e, 1);
    case 'down':
      if (e.row < e.lines.length - 1) return { ...e, row: e.row + 1, col: Math.min(e.col, e.lines[e.row + 1]!.length) };
      return historyStep(e, -1);
    case 'set':
      return { ...withText(e, key.text), historyAt: -1, draft: key.text };
  }
}

function historyStep(e: EditorState, by: 1 | -1): EditorState {
  const at = e.historyAt + by;
  if (at < -1 || at >= e.history.length) return e;
  const draft = e.historyAt === -1 ? editorText(e) : e.draft;
  const text = at === -1 ? draft : e.history[at]!;
  const next = withText({ ...e, historyAt: at, draft }, text);
  // Walking back lands on a query's first line, so the next ↑ goes further back at once.
  return by === 1 ? { ...next, row: 0, col: next.lines[0]!.length } : next;
}
