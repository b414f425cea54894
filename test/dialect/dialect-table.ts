import fs from 'node:fs';
import type { SqlValue } from '../../src/backends/backend.js';
import { repoPath } from '../../src/util/paths.js';

/**
 * The entries of docs/snowflake-dialect.md's table, read from the document itself so that the list
 * and the test cannot drift: a Snowflake statement and the value Snowflake's documentation gives
 * for it (the first column of the first row), written as JSON.
 */
export interface DialectEntry {
  construct: string;
  sql: string;
  expected: SqlValue;
}

export function dialectTable(): DialectEntry[] {
  const text = fs.readFileSync(repoPath('docs', 'snowflake-dialect.md'), 'utf8');
  const start = text.indexOf('<!-- dialect-table:start -->');
  const end = text.indexOf('<!-- dialect-table:end -->');
  if (start < 0 || end < start) throw new Error('docs/snowflake-dialect.md has no dialect table');
  const lines = text
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| construct') && !line.startsWith('|---'));
  return lines.map((line) => {
    const cells = line.split(' | ').map((cell) => cell.replace(/^\| /, '').replace(/ \|$/, '').trim());
    const code = (cell: string) => cell.replace(/^`/, '').replace(/`$/, '');
    return { construct: cells[0]!, sql: code(cells[1]!), expected: JSON.parse(code(cells[3]!)) as SqlValue };
  });
}
