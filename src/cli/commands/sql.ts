import type { Command } from 'commander';
import { ExitCode, UserError } from '../../core/errors.js';
import { commandOptions, withWarehouseOptions } from '../options.js';
import { printError, printJson, printLine } from '../output.js';
import { formatTable } from '../../text/format-table.js';
import { runAction } from '../run-action.js';
import { withInterrupt } from '../interrupt.js';

export function registerSql(program: Command): void {
  withWarehouseOptions(
    program.command('sql').description('Run one read-only query against the current backend').argument('<query>', 'a SELECT, WITH, SHOW, DESCRIBE or EXPLAIN statement'),
  ).action(
    runAction(async (query: string, raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const { assertReadOnly } = await import('../../warehouse/read-only.js');
      await assertReadOnly(query);
      const { openBackend } = await import('../../backends/open.js');
      const backend = await openBackend(options.config, { readOnly: true, notice: printError });
      try {
        // Ctrl-C cancels the statement (on Snowflake, on the server too).
        const result = await withInterrupt((signal) => backend.query(query, { signal })).catch((err: unknown) => {
          if (err instanceof UserError || !(err instanceof Error)) throw err;
          throw new UserError(`query failed: ${err.message.split('\n')[0]}`, ExitCode.badInput);
        });
        if (options.json) printJson(result.rows);
        else {
          printLine(formatTable(result.columns, result.rows));
          printLine(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'}, ${Math.round(result.elapsedMs)} ms, ${backend.description})`);
        }
        return ExitCode.ok;
      } finally {
        await backend.close();
      }
    }),
  );
}
