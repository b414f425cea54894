import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { maskSecrets } from '../util/secrets.js';

/**
 * Queries typed in the presenter's SQL cell and in `c360-demo sql`'s interactive mode, one JSON
 * object per line in the data dir, so the next talk (or the second terminal) can recall them.
 */
export const HISTORY_FILE = 'sql-history.jsonl';
/** Enough for several talks; older entries are dropped when the file is rewritten. */
export const HISTORY_LIMIT = 500;
/** A query longer than this is someone's script, not a question from the panel. */
const MAX_QUERY_CHARS = 20_000;

const entrySchema = z.object({ sql: z.string(), at: z.string() });

/** A password, token or key written into a statement: such a query is never kept. */
const SECRET_LITERAL = /\b(password|passphrase|private_key|secret|token)\b\s*(=>?|:)\s*'/i;

export interface SqlHistory {
  /** Earlier queries, most recent first, without duplicates. */
  entries(): string[];
  add(sql: string): void;
}

/** The history kept in `<data dir>/sql-history.jsonl`. */
export class FileSqlHistory implements SqlHistory {
  readonly file: string;
  constructor(
    dataDir: string,
    private readonly limit = HISTORY_LIMIT,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = path.join(dataDir, HISTORY_FILE);
  }

  entries(): string[] {
    return newestFirst(this.read().map((e) => e.sql));
  }

  add(sql: string): void {
    const text = sql.trim();
    if (!keepable(text)) return;
    const entry = `${JSON.stringify({ sql: maskSecrets(text), at: this.now().toISOString() })}\n`;
    try {
      // Appending keeps two terminals that add at once from losing each other's lines.
      fs.appendFileSync(this.file, entry, { mode: 0o600 });
      const all = this.read();
      if (all.length > this.limit * 1.2) fs.writeFileSync(this.file, all.slice(-this.limit).map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
    } catch {
      // History is a convenience: a read-only or missing data dir must not stop a query.
    }
  }

  private read(): z.infer<typeof entrySchema>[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const out: z.infer<typeof entrySchema>[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = entrySchema.safeParse(JSON.parse(line));
        if (parsed.success) out.push(parsed.data);
      } catch {
        // A torn or hand-edited line is skipped; the rest of the history still loads.
      }
    }
    return out;
  }
}

/** A history that lives only as long as the process (replays, tests). */
export class MemorySqlHistory implements SqlHistory {
  private readonly items: string[];
  constructor(initial: string[] = []) {
    this.items = [...initial].reverse();
  }
  entries(): string[] {
    return newestFirst(this.items);
  }
  add(sql: string): void {
    const text = sql.trim();
    if (keepable(text)) this.items.push(maskSecrets(text));
  }
}

function keepable(text: string): boolean {
  return text !== '' && text.length <= MAX_QUERY_CHARS && !SECRET_LITERAL.test(text) && !/PRIVATE KEY-----/.test(text);
}

/** Oldest-first list → most recent first, each query once (at its latest use). */
function newestFirst(oldestFirst: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = oldestFirst.length - 1; i >= 0; i--) {
    const sql = oldestFirst[i]!;
    if (seen.has(sql)) continue;
    seen.add(sql);
    out.push(sql);
  }
  return out;
}
