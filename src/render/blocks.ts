import type { Block } from '../scenes/types.js';
import { textWidth, truncate, wrap } from './text.js';
import { barChart, dagColumns, flowDiagram, formatNumber, lineChart, rocChart, sparkline, tableLines, treeLines } from './charts/index.js';

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
    case 'table':
      out.push(...plain(tableLines(block.columns, block.rows, { width, maxRows: 30 })));
      break;
    case 'bars':
      out.push(...plain(barChart(block.items, { width: Math.min(width, 90), format: block.format })));
      break;
    case 'line': {
      out.push(...plain(lineChart(block.values, { width: Math.min(width, 90), height: 7, labels: block.labels, format: block.format })));
      out.push({ text: `trend ${sparkline(block.values)}`, dim: true });
      break;
    }
    case 'roc':
      out.push(...plain(rocChart(block.points, { width: Math.min(width, 50), height: 10, auc: block.auc })));
      break;
    case 'dag':
      out.push(...plain(dagColumns(block.nodes, block.edges, { width })));
      break;
    case 'tree':
      out.push(...treeLines(block.nodes).map((l) => ({ text: l.text, color: stateColor(l.state) })));
      break;
    case 'flow':
      out.push(...plain(flowDiagram(block.stages, { width })));
      break;
    case 'checks': {
      const nameWidth = Math.min(34, Math.max(...block.items.map((i) => i.name.length), 4));
      for (const item of block.items) {
        const mark = item.status === 'pass' ? '✔' : item.status === 'warn' ? '!' : '✘';
        const text = `${mark} ${item.status.toUpperCase().padEnd(4)} ${item.name.padEnd(nameWidth)}  ${item.observed} (expected ${item.expected})`;
        out.push({ text: truncate(text, width), color: stateColor(item.status) });
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
