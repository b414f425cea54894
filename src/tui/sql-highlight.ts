import { highlight } from 'cli-highlight';

/** SQL with ANSI colours (keywords, strings, numbers, comments), one entry per line. */
export function highlightSql(sql: string, color = true): string[] {
  if (!color) return sql.split('\n');
  try {
    return highlight(sql, { language: 'sql', ignoreIllegals: true }).split('\n');
  } catch {
    return sql.split('\n');
  }
}
