import { fit } from './format.js';
import { textWidth } from '../width.js';

/** Boxes joined by arrows, wrapping onto more rows when the terminal is narrow. */
export function flowDiagram(stages: { title: string; lines: string[] }[], options: { width?: number } = {}): string[] {
  if (stages.length === 0) return [];
  const width = options.width ?? 100;
  const inner = Math.max(10, Math.min(22, Math.max(...stages.map((s) => Math.max(textWidth(s.title), ...s.lines.map((l) => textWidth(l)))))));
  const boxWidth = inner + 4;
  const arrow = ' ─▶ ';
  const fits = Math.max(1, Math.floor((width + arrow.length) / (boxWidth + arrow.length)));
  // As many rows as needed, with the boxes shared out evenly between them.
  const perRow = Math.ceil(stages.length / Math.ceil(stages.length / fits));
  const height = Math.max(...stages.map((s) => s.lines.length)) + 1;
  const out: string[] = [];
  for (let start = 0; start < stages.length; start += perRow) {
    const row = stages.slice(start, start + perRow);
    const box = (s: { title: string; lines: string[] }) => [
      `┌${'─'.repeat(inner + 2)}┐`,
      `│ ${fit(s.title, inner)} │`,
      `├${'─'.repeat(inner + 2)}┤`,
      ...Array.from({ length: height - 1 }, (_, i) => `│ ${fit(s.lines[i] ?? '', inner)} │`),
      `└${'─'.repeat(inner + 2)}┘`,
    ];
    const boxes = row.map(box);
    const mid = 1;
    for (let line = 0; line < boxes[0]!.length; line++) {
      out.push(
        boxes
          .map((b, i) => (i === 0 ? '' : line === mid ? arrow : ' '.repeat(arrow.length)) + b[line]!)
          .join('')
          .trimEnd(),
      );
    }
    if (start + perRow < stages.length) {
      // The flow continues from the last box of this row to the first box of the next one.
      const first = Math.floor(boxWidth / 2);
      const last = (row.length - 1) * (boxWidth + arrow.length) + first;
      if (last === first) out.push(`${' '.repeat(first)}│`, `${' '.repeat(first)}▼`);
      else out.push(`${' '.repeat(first)}┌${'─'.repeat(last - first - 1)}┘`, `${' '.repeat(first)}▼`);
    }
  }
  return out;
}
