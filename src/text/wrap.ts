/** Wraps words to lines at most `width` wide; `first` and `rest` prefix the first and following lines. */
export function wrap(text: string, width: number, first = '', rest = first): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? first : rest) + l).join('\n');
}
