import type { Block } from './block-types.js';
import { wrap } from './wrap.js';
import { textWidth } from './width.js';
import { fit } from './charts/format.js';
import { barChart, dagBands, flowDiagram, formatNumber, lineChart, rocChart, sparkline, tableLines, treeLines } from './charts/index.js';

/** One line of a scene's main panel; the TUI colours it, plain text and Markdown ignore the style. */
export interface StyledLine {
  text: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
}

const STATE_COLORS: Record<string, string> = {
  succeeded: 'green',
  pass: 'green',
  ok: 'green',
  started: 'green',
  failed: 'red',
  fail: 'red',
  refused: 'red',
  executing: 'yellow',
  running: 'yellow',
  warn: 'yellow',
  scheduled: 'cyan',
  suspended: 'gray',
  skipped: 'gray',
  cancelled: 'gray',
};

export function stateColor(state: string | undefined): string | undefined {
  return state ? STATE_COLORS[state.toLowerCase()] : undefined;
}

const plain = (lines: string[]): StyledLine[] => lines.map((text) => ({ text }));

/** Renders one result block as lines at most `width` wide (charts are plain text). */
export function blockLines(block: Block, width: number): StyledLine[] {
  const out: StyledLine[] = [];
  if (block.title) out.push({ text: block.title, bold: true });
  switch (block.kind) {
    case 'kpis': {
      const cells = block.items.map((i) => `${i.label}: ${i.value}`);
      let line = '';
      for (const cell of cells) {
        if (line && textWidth(line) + textWidth(cell) + 5 > width) {
          out.push({ text: line });
          line = '';
        }
        line = line ? `${line}  │  ${cell}` : cell;
      }
      if (line) out.push({ text: line });
      break;
    }
    case 'table': {
      const lines = tableLines(block.columns, block.rows, { width, maxRows: 30, cellWidth: 36 });
      const tableWidth = Math.max(...lines.map(textWidth));
      // A long, narrow table (field / value) is shown as two halves side by side.
      if (block.rows.length > 12 && block.rows.length <= 60 && 2 * tableWidth + 4 <= width) {
        const half = Math.ceil(block.rows.length / 2);
        const left = tableLines(block.columns, block.rows.slice(0, half), { width, maxRows: 30, cellWidth: 36 });
        const right = tableLines(block.columns, block.rows.slice(half), { width, maxRows: 30, cellWidth: 36 });
        const leftWidth = Math.max(...left.map(textWidth));
        out.push(...plain(left.map((l, i) => `${fit(l, leftWidth)}    ${right[i] ?? ''}`.trimEnd())));
      } else out.push(...plain(lines));
      break;
    }
    case 'bars':
      out.push(...plain(barChart(block.items, { width: Math.min(width, 120), format: block.format })));
      break;
    case 'line': {
      out.push(...plain(lineChart(block.values, { width: Math.min(width, 120), height: 7, labels: block.labels, format: block.format })));
      out.push({ text: `trend ${sparkline(block.values)}`, dim: true });
      break;
    }
    case 'roc':
      out.push(...plain(rocChart(block.points, { width: Math.min(width, 50), height: 10, auc: block.auc })));
      break;
    case 'dag':
      out.push(...plain(dagBands(block.nodes, block.edges, { width })));
      break;
    case 'tree':
      // A long line wraps under its own label rather than being cut.
      for (const l of treeLines(block.nodes)) {
        const indent = ' '.repeat(Math.min(width - 10, (/^[\s│├└─]*/.exec(l.text)?.[0].length ?? 0) + 4));
        const lines = textWidth(l.text) > width ? wrap(l.text, width - indent.length, '', indent).split('\n') : [l.text];
        out.push(...lines.map((text) => ({ text, color: stateColor(l.state) })));
      }
      break;
    case 'flow':
      out.push(...plain(flowDiagram(block.stages, { width })));
      break;
    case 'checks': {
      const nameWidth = Math.min(34, Math.max(...block.items.map((i) => textWidth(i.name)), 4));
      for (const item of block.items) {
        // The mark and colour carry pass; only warn and fail are spelled out.
        const mark = item.status === 'pass' ? '✔' : item.status === 'warn' ? '! WARN' : '✘ FAIL';
        const head = `${mark} ${fit(item.name, nameWidth)}  `;
        const indent = ' '.repeat(Math.min(textWidth(head), Math.floor(width / 2)));
        // What was observed and expected is the point of a check: wrap it, never cut it.
        for (const line of wrap(`${item.observed} (expected ${item.expected})`, width - textWidth(head), head, indent).split('\n'))
          out.push({ text: line, color: stateColor(item.status) });
      }
      const counts = ['pass', 'warn', 'fail'].map((s) => `${block.items.filter((i) => i.status === s).length} ${s}`).join(', ');
      out.push({ text: counts, dim: true });
      break;
    }
    case 'text':
      out.push(...plain(block.lines.flatMap((l) => (textWidth(l) > width ? wrap(l, width).split('\n') : [l]))));
      break;
  }
  return out;
}

/** All blocks of a result, separated by blank lines. */
export function resultLines(blocks: Block[], width: number): StyledLine[] {
  const out: StyledLine[] = [];
  blocks.forEach((b, i) => {
    if (i > 0) out.push({ text: '' });
    out.push(...blockLines(b, width));
  });
  return out;
}

export { formatNumber };
