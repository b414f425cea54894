import stringWidth from 'string-width';

/**
 * Terminal columns, not UTF-16 code units: a CJK character or an emoji takes two columns, a
 * combining mark none, and ANSI colour codes take none. Every width in src/text goes through here.
 */
export function textWidth(text: string): number {
  return stringWidth(text);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * `text` cut to at most `width` columns, ending in "…" when cut. Cut by whole graphemes, so an
 * emoji or a character with its accents is never split (cli-truncate 5 can return one column too
 * many when a wide character sits at the cut).
 */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}
