/**
 * A small Snowflake-script reader: splits a .sql file into statements and tokenizes one
 * statement, keeping source offsets so that a clause (a WHEN condition, a task body) can be cut
 * out exactly as it was written. Knows '...' strings (with '' escapes), "..." identifiers,
 * $$...$$ blocks, -- and // line comments and /* block comments *\/.
 */

export interface SqlStatement {
  /** The statement without its terminating semicolon, trimmed. */
  text: string;
  /** The comments directly before the statement (one entry per comment line, markers stripped). */
  leadingComments: string[];
  /** 1-based line of the statement's first character in the file. */
  line: number;
}

export type TokenKind = 'word' | 'string' | 'quoted' | 'dollar' | 'punct';

export interface Token {
  kind: TokenKind;
  /** For words: the text as written; for strings: the unescaped content. */
  value: string;
  start: number;
  end: number;
}

/** Splits a script into statements at top-level semicolons. */
export function splitStatements(script: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let comments: string[] = [];
  let start = -1;
  let i = 0;
  const n = script.length;
  const flush = (end: number) => {
    if (start >= 0) {
      const text = script.slice(start, end).trim();
      if (text) statements.push({ text, leadingComments: comments, line: script.slice(0, start).split('\n').length });
    }
    start = -1;
    comments = [];
  };
  while (i < n) {
    const ch = script[i]!;
    const next = script[i + 1];
    if ((ch === '-' && next === '-') || (ch === '/' && next === '/')) {
      const eol = script.indexOf('\n', i);
      const end = eol === -1 ? n : eol;
      if (start < 0) comments.push(script.slice(i + 2, end).trim());
      i = end;
      continue;
    }
    if (ch === '/' && next === '*') {
      const close = script.indexOf('*/', i + 2);
      const end = close === -1 ? n : close + 2;
      if (start < 0)
        comments.push(
          ...script
            .slice(i + 2, end - 2)
            .split('\n')
            .map((l) => l.replace(/^\s*\*?\s?/, '').trim()),
        );
      i = end;
      continue;
    }
    if (/\s/.test(ch)) {
      // A blank line between a comment block and the next statement detaches the comments.
      if (start < 0 && ch === '\n' && /^[ \t\r]*\n/.test(script.slice(i + 1))) comments = [];
      i += 1;
      continue;
    }
    if (ch === ';') {
      flush(i);
      i += 1;
      continue;
    }
    if (start < 0) start = i;
    i = skipLiteral(script, i);
  }
  flush(n);
  return statements;
}

/** Returns the index after a literal starting at i (or i+1 for any other character). */
function skipLiteral(s: string, i: number): number {
  const ch = s[i]!;
  if (ch === "'") {
    let j = i + 1;
    while (j < s.length) {
      if (s[j] === '\\') j += 2;
      else if (s[j] === "'" && s[j + 1] === "'") j += 2;
      else if (s[j] === "'") return j + 1;
      else j += 1;
    }
    return s.length;
  }
  if (ch === '"') {
    const close = s.indexOf('"', i + 1);
    return close === -1 ? s.length : close + 1;
  }
  if (ch === '$' && s[i + 1] === '$') {
    const close = s.indexOf('$$', i + 2);
    return close === -1 ? s.length : close + 2;
  }
  return i + 1;
}

/** Tokenizes one statement (comments dropped). */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(ch)) {
      i += 1;
    } else if ((ch === '-' && next === '-') || (ch === '/' && next === '/')) {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? sql.length : eol;
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else if (ch === "'") {
      const end = skipLiteral(sql, i);
      tokens.push({
        kind: 'string',
        value: sql
          .slice(i + 1, end - 1)
          .replace(/''/g, "'")
          .replace(/\\'/g, "'"),
        start: i,
        end,
      });
      i = end;
    } else if (ch === '"') {
      const end = skipLiteral(sql, i);
      tokens.push({ kind: 'quoted', value: sql.slice(i + 1, end - 1), start: i, end });
      i = end;
    } else if (ch === '$' && next === '$') {
      const end = skipLiteral(sql, i);
      tokens.push({ kind: 'dollar', value: sql.slice(i + 2, end - 2), start: i, end });
      i = end;
    } else if (/[A-Za-z0-9_$@]/.test(ch)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$.@/]/.test(sql[j]!)) j += 1;
      tokens.push({ kind: 'word', value: sql.slice(i, j), start: i, end: j });
      i = j;
    } else {
      tokens.push({ kind: 'punct', value: ch, start: i, end: i + 1 });
      i += 1;
    }
  }
  return tokens;
}

/** True when the token is the given keyword (case-insensitive). */
export function isKeyword(token: Token | undefined, ...keywords: string[]): boolean {
  return token !== undefined && token.kind === 'word' && keywords.includes(token.value.toUpperCase());
}

/** Snowflake's identifier rule: unquoted names are stored upper-case, quoted ones as written. */
export function normalizeIdentifier(token: Token): string {
  return token.kind === 'quoted' ? token.value : token.value.toUpperCase();
}

/** The last part of a possibly qualified name: CUSTOMER_ANALYTICS.BRONZE.X -> X. */
export function unqualified(name: string): string {
  const parts = name.split('.');
  return parts[parts.length - 1]!;
}

/**
 * Reads a possibly qualified name starting at tokens[i] (db.schema."Name" and the like) and
 * returns its last part, normalised as Snowflake stores it, and the index after it.
 */
export function readName(tokens: Token[], i: number): { name: string; next: number } {
  let last = '';
  let j = i;
  for (;;) {
    const token = tokens[j];
    if (!token) break;
    if (token.kind === 'quoted') last = token.value;
    else if (token.kind === 'word') {
      const parts = token.value.split('.').filter((p) => p !== '');
      if (parts.length > 0) last = parts[parts.length - 1]!.toUpperCase();
    } else break;
    j += 1;
    const endsWithDot = token.kind === 'word' && token.value.endsWith('.');
    const next = tokens[j];
    const nextContinues = next !== undefined && ((next.kind === 'punct' && next.value === '.') || (next.kind === 'word' && next.value.startsWith('.')));
    if (next?.kind === 'punct' && next.value === '.') j += 1;
    if (!endsWithDot && !nextContinues) break;
  }
  return { name: last, next: j };
}
