import React from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import sliceAnsi from 'slice-ansi';
import { chartOf } from '../../scenes/cell-query.js';
import { blockLines, type StyledLine } from '../../text/blocks.js';
import { tableLines } from '../../text/charts/table.js';
import { fit } from '../../text/charts/format.js';
import { textWidth, truncate } from '../../text/width.js';
import { highlightSql } from '../sql-highlight.js';
import { clock } from '../format-time.js';
import type { CellState } from '../cell.js';
import type { Row } from '../../backends/backend.js';

/** The keys the cell answers to, on its title row (the help overlay lists them too). */
export const CELL_KEYS = 'Enter run · Ctrl-J new line · ↑↓ history · Ctrl-O scene SQL · PgUp/PgDn rows · Esc back';
const CELL_KEYS_SHORT = 'Enter run · Ctrl-J newline · Ctrl-O scene SQL · Esc back';

/** One row of the editor: text before the cursor, the character under it, the rest (or highlighted text). */
export type EditorRow = { number: number; text: string } | { number: number; before: string; at: string; after: string };

export interface CellView {
  editor: EditorRow[];
  status: StyledLine;
  /** Lines that stay put above the scrolling rows (the table's header). */
  pinned: StyledLine[];
  body: StyledLine[];
  /** Rows the body has room for. */
  bodyRows: number;
}

/** How many editor rows the cell shows: all of a short query, at most 40% of the room for a long one. */
function editorRoom(lineCount: number, inner: number): number {
  return Math.max(1, Math.min(lineCount, Math.max(3, Math.floor(inner * 0.4))));
}

/** What the cell shows at a given size (pure: tested directly, and the App reads `body` to bound scrolling). */
export function cellView(cell: CellState, width: number, height: number, now: number, color = true): CellView {
  const inner = Math.max(1, height - 3); // border (2) and the title row
  const { lines, row, col } = cell.editor;
  const room = editorRoom(lines.length, inner);
  const first = Math.max(0, Math.min(row - room + 1, lines.length - room));
  const highlighted = highlightSql(lines.join('\n'), color);
  // The line numbers and their rule take the rest.
  const textRoom = Math.max(8, width - String(lines.length).length - 3);
  const editor: EditorRow[] = [];
  for (let i = first; i < first + room && i < lines.length; i++) {
    if (i === row) {
      // The cursor sits on a character of the coloured line; a line longer than the cell scrolls
      // sideways so the cursor stays in view.
      const line = highlighted[i] ?? lines[i]!;
      const start = col + 1 > textRoom ? col + 1 - textRoom : 0;
      const before = start > 0 ? `…${sliceAnsi(line, start + 1, col)}` : sliceAnsi(line, 0, col);
      editor.push({ number: i + 1, before, at: lines[i]![col] ?? ' ', after: sliceAnsi(line, col + 1) });
    } else editor.push({ number: i + 1, text: highlighted[i] ?? lines[i]! });
  }
  const run = cell.run;
  let status: StyledLine;
  let pinned: StyledLine[] = [];
  let body: StyledLine[] = [];
  switch (run.status) {
    case 'idle':
      status = { text: 'Type a query; Enter runs it on the warehouse in use (read-only).', dim: true };
      break;
    case 'queued':
    case 'running':
      status = { text: `running… ${run.status === 'running' ? clock(now - run.startedAt) : ''} (Esc cancels)`, color: 'yellow' };
      break;
    case 'failed':
      status = {
        text: run.error === 'cancelled' ? 'cancelled' : `✘ ${run.error}`,
        color: run.error === 'cancelled' ? 'yellow' : 'red',
        bold: run.error !== 'cancelled',
      };
      break;
    case 'ok': {
      const { result } = run;
      const count = `${result.rowCount.toLocaleString('en-US')} row${result.rowCount === 1 ? '' : 's'}`;
      const kept = result.rows.length < result.rowCount ? ` (first ${result.rows.length.toLocaleString('en-US')} shown)` : '';
      status = { text: `${count}${kept} · ${result.elapsedMs} ms · ${result.backend} [${run.tag}]`, dim: true };
      const laid = resultLines(result.columns, result.rows, width);
      pinned = laid.pinned;
      body = laid.body;
      break;
    }
  }
  const bodyRows = Math.max(0, inner - editor.length - 1 - pinned.length);
  return { editor, status: { ...status, text: truncate(status.text, width) }, pinned, body, bodyRows };
}

/** The result as a table (header pinned) with, for label + number or date + number, a chart beside it or under it. */
function resultLines(columns: string[], rows: Row[], width: number): { pinned: StyledLine[]; body: StyledLine[] } {
  const table = tableLines(columns, rows, { width: Math.max(20, width), maxRows: rows.length, cellWidth: 32 });
  const chart = chartOf({ columns, rows });
  const tableWidth = Math.max(...table.map(textWidth));
  const chartWidth = width - tableWidth - 4;
  if (!chart || rows.length === 0) return { pinned: table.slice(0, 2).map((text) => ({ text, bold: true })), body: table.slice(2).map((text) => ({ text })) };
  if (chartWidth >= 30) {
    // One blank row on top puts each bar beside its own table row (the chart's title beside the rule).
    const drawn = [{ text: '' }, ...blockLines(chart, chartWidth)];
    const beside = table.map((t, i) => ({ text: `${fit(t, tableWidth)}    ${drawn[i]?.text ?? ''}`.trimEnd(), bold: i < 2 }));
    for (let i = table.length; i < drawn.length; i++) beside.push({ text: `${' '.repeat(tableWidth)}    ${drawn[i]!.text}`.trimEnd(), bold: false });
    return { pinned: [], body: beside };
  }
  const drawn = blockLines(chart, width);
  return { pinned: [], body: [...drawn, { text: '' }, ...table.map((text, i) => ({ text, bold: i < 2 }))] };
}

export interface SqlCellProps {
  cell: CellState;
  width: number;
  height: number;
  now: number;
  color?: boolean;
}

/** The SQL cell, drawn over the scene's panel: the editor, one status line, the result. */
export function SqlCell(props: SqlCellProps): React.JSX.Element {
  const { cell, width, height } = props;
  const inner = width - 4;
  const view = cellView(cell, inner, height, props.now, props.color !== false);
  const keys = textWidth(CELL_KEYS) + 12 <= inner ? CELL_KEYS : CELL_KEYS_SHORT;
  const numberWidth = String(cell.editor.lines.length).length;
  const shown = view.body.slice(cell.scroll, cell.scroll + view.bodyRows);
  const more = view.body.length - cell.scroll - shown.length;
  const running = cell.run.status === 'running' || cell.run.status === 'queued';
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} borderStyle="round" borderColor="magenta" paddingX={1}>
      <Text wrap="truncate">
        {running ? (
          <Text color="yellow">
            <Spinner type="line" />{' '}
          </Text>
        ) : null}
        <Text bold color="magenta">
          SQL
        </Text>
        <Text color="gray">{truncate(` · ${keys}${more > 0 || cell.scroll > 0 ? ` · ↓ ${more} more` : ''}`, Math.max(4, inner - 4))}</Text>
      </Text>
      {view.editor.map((r) => (
        <Text key={`e${r.number}`} wrap="truncate">
          <Text color="gray">{`${String(r.number).padStart(numberWidth)} │ `}</Text>
          {'text' in r ? (
            r.text || ' '
          ) : (
            <>
              {r.before}
              <Text inverse>{r.at}</Text>
              {r.after}
            </>
          )}
        </Text>
      ))}
      <Text color={view.status.color} bold={view.status.bold} dimColor={view.status.dim} wrap="truncate">
        {view.status.text || ' '}
      </Text>
      {view.pinned.map((l, i) => (
        <Text key={`p${i}`} bold={l.bold} wrap="truncate">
          {l.text || ' '}
        </Text>
      ))}
      {shown.map((l, i) => (
        <Text key={`b${i}`} bold={l.bold} color={l.color} dimColor={l.dim} wrap="truncate">
          {l.text || ' '}
        </Text>
      ))}
    </Box>
  );
}

/** Rows the result can scroll by at this size. */
export function cellMaxScroll(cell: CellState, width: number, height: number): number {
  const view = cellView(cell, width - 4, height, 0, false);
  return Math.max(0, view.body.length - view.bodyRows);
}
