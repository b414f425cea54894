import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode, UserError } from '../../core/errors.js';
import { commandOptions, withWarehouseOptions } from '../options.js';
import { printError } from '../output.js';
import { DEFAULT_TABLE_ROWS, LOCK_WAIT_MS, runOneQuery } from '../query-output.js';
import { runAction } from '../run-action.js';
import { withInterrupt } from '../interrupt.js';
import { currentIo } from '../io.js';

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('--limit must be a positive whole number.');
  return Number(value);
}

export function registerSql(program: Command): void {
  withWarehouseOptions(
    program
      .command('sql')
      .description('Run one read-only query against the current backend (no query on a terminal: an interactive prompt)')
      .argument(
        '[query]',
        'one query: SELECT, WITH, VALUES, FROM, SHOW, DESCRIBE, SUMMARIZE or EXPLAIN of a query; without it, read from standard input, or prompt on a terminal',
      )
      .option('--limit <n>', `rows to print as a table (default ${DEFAULT_TABLE_ROWS.toLocaleString('en-US')})`, parseLimit)
      .option('--all', 'print every row as a table'),
  ).action(
    runAction(async (given: string | undefined, raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const limit = raw.all ? Infinity : ((raw.limit as number | undefined) ?? DEFAULT_TABLE_ROWS);
      const io = currentIo();
      if (given === undefined && io.stdinIsTTY && io.stdout.isTTY === true) {
        if (options.json) throw new UserError('--json needs a query (as an argument or on standard input)', ExitCode.badInput);
        const { sqlRepl } = await import('./sql-repl.js');
        return sqlRepl(options.config, limit);
      }
      const query = given ?? (await readQueryFromStdin());
      const { openBackend } = await import('../../backends/open.js');
      // While the presenter's trigger (or a pipeline) writes, wait for it rather than fail at once.
      const backend = await openBackend(options.config, {
        readOnly: true,
        sealed: true,
        notice: printError,
        waitForLockMs: LOCK_WAIT_MS,
        // Read once the warehouse is open, when the first statement runs (for SHOW TASKS, streams by name).
        emulatedObjects: async () => (await import('../../orchestration/local/objects.js')).localEmulatedObjects(options.config),
      });
      try {
        // Ctrl-C cancels the statement (on Snowflake, on the server too) and stops the output.
        return await withInterrupt(async (signal) => {
          await runOneQuery(backend, query, { json: options.json, limit, signal });
          return ExitCode.ok;
        });
      } finally {
        await backend.close();
      }
    }),
  );
}

/** `c360-demo sql < query.sql` or `echo "select 1" | c360-demo sql`: the query is the whole input. */
async function readQueryFromStdin(): Promise<string> {
  const stdin = currentIo().stdin ?? process.stdin;
  let text = '';
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  if (text.trim() === '')
    throw new UserError(
      'no query: give one as an argument or on standard input',
      ExitCode.badInput,
      'c360-demo sql "SELECT count(*) FROM GOLD.DIM_CUSTOMER", or run `c360-demo sql` in a terminal for an interactive prompt',
    );
  return text;
}
