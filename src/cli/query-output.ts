import { ExitCode, UserError } from '../core/errors.js';
import { printLine, writeStdout } from './output.js';
import { TextTable } from '../text/format-table.js';
import type { Backend, Row, RowStream } from '../backends/backend.js';

/** Rows printed as a table unless `--limit` or `--all` says otherwise; JSON output is never cut. */
export const DEFAULT_TABLE_ROWS = 1_000;
/** How long a query waits for a writer (the trigger takes about 80 s at full scale) before giving up. */
export const LOCK_WAIT_MS = 120_000;

/** Runs `query` and prints its rows (a table, or JSON), then a line with the count and the time. */
export async function runOneQuery(backend: Backend, query: string, options: { json: boolean; limit: number; signal?: AbortSignal }): Promise<void> {
  const started = performance.now();
  const stream = await backend.runUserQuery(query, { signal: options.signal }).catch(explainQueryError);
  const count = options.json ? await writeJsonArray(stream) : await writeTable(stream, options.limit);
  if (!options.json) {
    const ms = Math.round(performance.now() - started);
    const { limit } = options;
    const shown =
      count > limit
        ? `showing the first ${limit.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} rows (--limit N or --all for more)`
        : `${count.toLocaleString('en-US')} row${count === 1 ? '' : 's'}`;
    printLine(`(${shown}, ${ms} ms, ${backend.description})`);
  }
}

export function explainQueryError(err: unknown): never {
  if (err instanceof UserError) throw err;
  throw new UserError(`query failed: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`, ExitCode.badInput);
}

async function* rowsOf(stream: RowStream): AsyncGenerator<Row[]> {
  try {
    yield* stream.batches;
  } catch (err) {
    explainQueryError(err);
  }
}

/** A JSON array written a batch at a time: any result size in bounded memory. */
async function writeJsonArray(stream: RowStream): Promise<number> {
  let count = 0;
  await writeStdout('[');
  for await (const batch of rowsOf(stream)) {
    const text = batch.map((row) => `${count++ === 0 ? '' : ','}\n  ${JSON.stringify(row)}`).join('');
    await writeStdout(text);
  }
  await writeStdout(count === 0 ? ']\n' : '\n]\n');
  return count;
}

/**
 * The first `limit` rows as an aligned table (widths from the first 1,000), then only counts the
 * rest: the total is still reported, and memory stays bounded whatever the result size.
 */
async function writeTable(stream: RowStream, limit: number): Promise<number> {
  let count = 0;
  let table: TextTable | undefined;
  let pending: Row[] = [];
  const flush = async () => {
    if (!table) {
      table = new TextTable(stream.columns, pending);
      await writeStdout(`${table.header()}\n`);
    }
    if (pending.length > 0) await writeStdout(`${table.rows(pending)}\n`);
    pending = [];
  };
  for await (const batch of rowsOf(stream)) {
    for (const row of batch) {
      count += 1;
      if (count <= limit) pending.push(row);
    }
    if (pending.length >= DEFAULT_TABLE_ROWS) await flush();
  }
  if (pending.length > 0 || !table) await flush();
  return count;
}
