import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import cliTruncate from 'cli-truncate';

/**
 * Text measured in terminal columns, not UTF-16 units: wide characters (CJK, emoji) take two
 * columns and ANSI colour codes none, so layouts computed with `.length` would be off.
 */
export const textWidth = (text: string): number => stringWidth(text);

/** Word-wraps `text` to `width` columns; `first`/`rest` prefix the first and following lines. */
export function wrap(text: string, width: number, first = '', rest = first): string {
  const flat = text.split(/\s+/).filter(Boolean).join(' ');
  if (!flat) return '';
  const room = Math.max(1, width - Math.max(textWidth(first), textWidth(rest)));
  return wrapAnsi(flat, room, { hard: true, trim: true }).split('\n').map((l, i) => (i === 0 ? first : rest) + l).join('\n');
}

/** Cuts `text` to at most `width` columns, with an ellipsis when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return textWidth(text) <= width ? text : cliTruncate(text, width, { position: 'end' });
}

/** Pads (or cuts) `text` to exactly `width` columns. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - textWidth(cut)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - textWidth(text))) + text;
}
