type Highlight = (code: string, options: { language: string; ignoreIllegals: boolean }) => string;

let highlighter: Highlight | undefined;
let loading: Promise<void> | undefined;

/** Loads cli-highlight (highlight.js, ~150 ms) after the first frame, not before it. */
export function preloadHighlighter(): Promise<void> {
  loading ??= import('cli-highlight').then(
    (m) => {
      highlighter = m.highlight;
    },
    () => undefined,
  );
  return loading;
}

/** SQL with ANSI colours (keywords, strings, numbers, comments), one entry per line; plain until loaded. */
export function highlightSql(sql: string, color = true): string[] {
  if (!color || !highlighter) return sql.split('\n');
  try {
    return highlighter(sql, { language: 'sql', ignoreIllegals: true }).split('\n');
  } catch {
    return sql.split('\n');
  }
}
