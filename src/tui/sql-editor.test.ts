import { describe, expect, it } from 'vitest';
import { editorOf, editorReducer, editorText, type EditorKey, type EditorState } from './sql-editor.js';

const keys = (e: EditorState, ...ks: EditorKey[]) => ks.reduce(editorReducer, e);
const type = (text: string): EditorKey => ({ kind: 'insert', text });

describe('SQL cell editor', () => {
  it('types, breaks lines and joins them again with backspace', () => {
    let e = keys(editorOf(''), type('select 1'), { kind: 'newline' }, type('from t'));
    expect(e.lines).toEqual(['select 1', 'from t']);
    expect([e.row, e.col]).toEqual([1, 6]);
    e = keys(e, { kind: 'home' }, { kind: 'backspace' });
    expect(e.lines).toEqual(['select 1from t']);
    expect([e.row, e.col]).toEqual([0, 8]);
  });

  it('inserts at the cursor, and a pasted block keeps its lines (\\r from terminals)', () => {
    let e = keys(editorOf('select  from t'), { kind: 'home' }, ...Array<EditorKey>(7).fill({ kind: 'right' }), type('a'));
    expect(editorText(e)).toBe('select a from t');
    e = keys(editorOf('x'), { kind: 'home' }, type('select 1\rfrom y\r'));
    expect(e.lines).toEqual(['select 1', 'from y', 'x']);
    expect([e.row, e.col]).toEqual([2, 0]);
  });

  it('moves the cursor within the text: ←/→ across line ends, ↑/↓ keep the column where they can, Home/End', () => {
    const start = editorOf('select a,\n  b\nfrom t');
    let e = keys(start, { kind: 'up' });
    expect([e.row, e.col]).toEqual([1, 3]);
    e = keys(e, { kind: 'up' });
    expect([e.row, e.col]).toEqual([0, 3]);
    e = keys(e, { kind: 'end' }, { kind: 'right' });
    expect([e.row, e.col]).toEqual([1, 0]);
    e = keys(e, { kind: 'left' });
    expect([e.row, e.col]).toEqual([0, 9]);
    e = keys(editorOf('ab'), { kind: 'right' });
    expect([e.row, e.col]).toEqual([0, 2]);
  });

  it('↑ on the first line walks back through the history, ↓ on the last line comes forward to the draft', () => {
    const history = ['select 2', 'select 1\nfrom t'];
    let e = keys(editorOf('sel', history), { kind: 'up' });
    expect(editorText(e)).toBe('select 2');
    e = keys(e, { kind: 'up' });
    expect(editorText(e)).toBe('select 1\nfrom t');
    // Landed on the first line: one more ↑ has nowhere to go.
    expect(keys(e, { kind: 'up' })).toBe(e);
    e = keys(e, { kind: 'down' });
    expect(editorText(e)).toBe('select 1\nfrom t');
    expect(e.row).toBe(1);
    e = keys(e, { kind: 'down' }, { kind: 'down' });
    expect(editorText(e)).toBe('sel');
    expect(keys(e, { kind: 'down' })).toBe(e);
  });

  it('set replaces the text and leaves the history walk', () => {
    const e = keys(editorOf('', ['q']), { kind: 'up' }, { kind: 'set', text: 'select 3\nfrom u' });
    expect(e.lines).toEqual(['select 3', 'from u']);
    expect(e.historyAt).toBe(-1);
    expect([e.row, e.col]).toEqual([1, 6]);
  });
});
