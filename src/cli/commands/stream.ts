import type { Command } from 'commander';
import { ExitCode, UserError } from '../../core/errors.js';
import { commandOptions, withWarehouseOptions } from '../options.js';
import { printJson, printLine } from '../output.js';
import { formatTable } from '../../text/format-table.js';
import { runAction } from '../run-action.js';
import { shortTime, subcommand, withBackend } from '../warehouse-command.js';
import { withInterrupt } from '../interrupt.js';

export function registerStream(program: Command): void {
  const stream = program.command('stream').description("The pack's streams (credit-card: BRONZE.BRONZE_TRANSACTIONS_STREAM): status, append N, process");

  withWarehouseOptions(
    subcommand(stream, 'status')
      .description('SYSTEM$STREAM_HAS_DATA and the pending rows with METADATA$ACTION / ISUPDATE / ROW_ID')
      .option('--stream <name>', "which of the pack's streams (default: the first its task graph creates)")
      .option('--limit <n>', 'pending rows to show', '10'),
  ).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const limit = String(raw.limit ?? '10');
      if (!/^\d+$/.test(limit)) throw new UserError(`--limit must be a whole number, got "${limit}"`);
      const { streamStatus } = await import('../../orchestration/index.js');
      const status = await withBackend(options.config, (backend) =>
        streamStatus(backend, { limit: Number(limit), ...(typeof raw.stream === 'string' ? { stream: raw.stream } : {}) }),
      );
      if (options.json) {
        printJson(status);
        return;
      }
      if (status.note) printLine(`note: ${status.note}`);
      printLine(
        `SYSTEM$STREAM_HAS_DATA('${status.stream}') = ${status.has_data ? 'TRUE' : 'FALSE'}; ${status.pending_rows} pending row(s) on ${status.source_table}`,
      );
      if (status.rows.length > 0) {
        // The metadata first, then the source's own columns, as many as fit.
        const metadata = ['METADATA$ACTION', 'METADATA$ISUPDATE', 'METADATA$ROW_ID'];
        const columns = [...metadata, ...status.columns.filter((c) => !metadata.includes(c.toUpperCase()))];
        printLine(formatTable(columns, status.rows, { maxWidth: 160 }));
      }
    }),
  );

  withWarehouseOptions(
    subcommand(stream, 'append')
      .description("Insert N new rows into the first stream's table (credit-card: bronze transactions; deterministic, new ids)")
      .argument('<n>', 'how many rows'),
  ).action(
    runAction(async (n: string, raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      if (!/^\d+$/.test(n.trim()) || Number(n) <= 0) throw new UserError(`stream append needs a positive whole number of rows, got "${n}"`);
      const { streamAppend } = await import('../../orchestration/index.js');
      const result = await withBackend(options.config, (backend) => streamAppend(backend, Number(n)));
      if (options.json) {
        printJson(result);
        return;
      }
      printLine(
        `appended ${result.appended} row(s) (ids ${result.first_transaction_id}..${result.last_transaction_id}); the stream now has ${result.pending_rows} pending row(s)`,
      );
    }),
  );

  withWarehouseOptions(
    subcommand(stream, 'process')
      .description(
        "Run one stream task of the pack's graph once (credit-card: process_incremental_transactions, the MERGE into GOLD.FCT_TRANSACTIONS); SKIPPED when its stream is empty",
      )
      .option('--task <name>', 'which stream task (default: the first in the task graph)'),
  ).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const { streamProcess } = await import('../../orchestration/index.js');
      // Ctrl-C stops the MERGE before it commits: the fact table and the stream's offset stay as they were.
      const result = await withBackend(options.config, (backend) =>
        withInterrupt((signal) => streamProcess(backend, { signal, ...(typeof raw.task === 'string' ? { task: raw.task } : {}) })),
      );
      if (options.json) printJson(result);
      else {
        const h = result.history;
        printLine(
          formatTable(
            ['name', 'state', 'merged_rows', 'fact_rows_after', 'completed_time', 'error_message'],
            [
              {
                name: h.name,
                state: h.state,
                merged_rows: result.merged_rows,
                fact_rows_after: result.fact_rows_after,
                completed_time: shortTime(h.completed_time),
                error_message: h.error_message,
              },
            ],
            { maxWidth: 100 },
          ),
        );
      }
      return result.state === 'FAILED' || result.state === 'CANCELLED' ? ExitCode.checkFailed : ExitCode.ok;
    }),
  );
}
