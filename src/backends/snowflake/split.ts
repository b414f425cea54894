/**
 * Splits a SQL script into statements on `;`, leaving alone semicolons inside
 * 'strings', "identifiers", $$ bodies $$, -- line comments and block comments.
 * Statements that are only comments/whitespace are dropped.
 */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let current = '';
  let meaningful = false;
  let i = 0;
  const n = script.length;
  const push = () => {
    if (meaningful) out.push(current.trim());
    current = '';
    meaningful = false;
  };
  while (i < n) {
    const c = script[i]!;
    const next = script[i + 1];
    if (c === '-' && next === '-') {
      const end = script.indexOf('\n', i);
      const stop = end === -1 ? n : end + 1;
      current += script.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = script.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      current += script.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '$' && next === '$') {
      const end = script.indexOf('$$', i + 2);
      const stop = end === -1 ? n : end + 2;
      current += script.slice(i, stop);
      meaningful = true;
      i = stop;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n) {
        if (script[j] === '\\' && c === "'") {
          j += 2;
          continue;
        }
        if (script[j] === c) {
          if (script[j + 1] === c) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      const stop = Math.min(j + 1, n);
      current += script.slice(i, stop);
      meaningful = true;
      i = stop;
      continue;
    }
    if (c === ';') {
      push();
      i++;
      continue;
    }
    if (!/\s/.test(c)) meaningful = true;
    current += c;
    i++;
  }
  push();
  return out;
}
