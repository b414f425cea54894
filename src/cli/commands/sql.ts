import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode, UserError } from '../../core/errors.js';
import { commandOptions, withWarehouseOptions } from '../options.js';
import { printError, printLine, writeStdout } from '../output.js';
import { TextTable } from '../../text/format-table.js';
import { runAction } from '../run-action.js';
import { withInterrupt } from '../interrupt.js';
import type { Row, RowStream } from '../../backends/backend.js';

/** Rows printed as a table unless `--limit` or `--all` says otherwise; JSON output is never cut. */
const DEFAULT_TABLE_ROWS = 1_000;
/** How long a query waits for a writer (the trigger takes about 80 s at full scale) before giving up. */
const LOCK_WAIT_MS = 120_000;

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('--limit must be a positive whole number.');
  return Number(value);
}

export function registerSql(program: Command): void {
  withWarehouseOptions(
    program
      .command('sql')
      .description('Run one read-only query against the current backend')
      .argument('<query>', 'one query: SELECT, WITH, VALUES, FROM, SHOW, DESCRIBE, SUMMARIZE or EXPLAIN of a query')
      .option('--limit <n>', `rows to print as a table (default ${DEFAULT_TABLE_ROWS.toLocaleString('en-US')})`, parseLimit)
      .option('--all', 'print every row as a table'),
  ).action(
    runAction(async (query: string, raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const limit = raw.all ? Infinity : ((raw.limit as number | undefined) ?? DEFAULT_TABLE_ROWS);
      const { openBackend } = await import('../../backends/open.js');
      // While the presenter's trigger (or a pipeline) writes, wait for it rather than fail at once.
      const backend = await openBackend(options.config, {
        readOnly: true,
        sealed: true,
        notice: printError,
        waitForLockMs: LOCK_WAIT_MS,
        // Read once the warehouse is open, when the first statement runs (for SHOW TASKS, streams by name).
        emulatedObjects: async () => (await import('../../orchestration/local/objects.js')).localEmulatedObjects(options.config.dataDir),
      });
      try {
        // Ctrl-C cancels the statement (on Snowflake, on the server too) and stops the output.
        return await withInterrupt(async (signal) => {
          const started = performance.now();
          const stream = await backend.runUserQuery(query, { signal }).catch(explainQueryError);
          const count = options.json ? await writeJsonArray(stream) : await writeTable(stream, limit);
          if (!options.json) {
            const ms = Math.round(performance.now() - started);
            const shown =
              count > limit
                ? `showing the first ${limit.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} rows (--limit N or --all for more)`
                : `${count.toLocaleString('en-US')} row${count === 1 ? '' : 's'}`;
            printLine(`(${shown}, ${ms} ms, ${backend.description})`);
          }
          return ExitCode.ok;
        });
      } finally {
        await backend.close();
      }
    }),
  );
}

function explainQueryError(err: unknown): never {
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
