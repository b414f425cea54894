import wrapAnsi from 'wrap-ansi';

/**
 * Wraps words to lines at most `width` columns wide (wide characters count twice); a word longer
 * than a line stays whole on its own line. `first` and `rest` prefix the first and following lines.
 */
export function wrap(text: string, width: number, first = '', rest = first): string {
  const words = text.split(/\s+/).filter(Boolean).join(' ');
  if (!words) return '';
  return wrapAnsi(words, Math.max(1, width), { hard: false, trim: true })
    .split('\n')
    .map((l, i) => (i === 0 ? first : rest) + l)
    .join('\n');
}
