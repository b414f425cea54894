import type { Command } from 'commander';
import { ExitCode, UserError } from '../../core/errors.js';
import { commandOptions, withWarehouseOptions } from '../options.js';
import { printJson, printLine } from '../output.js';
import { formatTable } from '../../text/format-table.js';
import { runAction } from '../run-action.js';
import { shortTime, subcommand, withBackend } from '../warehouse-command.js';
import { withInterrupt } from '../interrupt.js';

export function registerStream(program: Command): void {
  const stream = program.command('stream').description('The stream on BRONZE.BRONZE_TRANSACTIONS: status, append N, process');

  withWarehouseOptions(
    subcommand(stream, 'status')
      .description('SYSTEM$STREAM_HAS_DATA and the pending rows with METADATA$ACTION / ISUPDATE / ROW_ID')
      .option('--limit <n>', 'pending rows to show', '10'),
  ).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const limit = String(raw.limit ?? '10');
      if (!/^\d+$/.test(limit)) throw new UserError(`--limit must be a whole number, got "${limit}"`);
      const { streamStatus } = await import('../../orchestration/index.js');
      const status = await withBackend(options.config, (backend) => streamStatus(backend, { limit: Number(limit) }));
      if (options.json) {
        printJson(status);
        return;
      }
      if (status.note) printLine(`note: ${status.note}`);
      printLine(
        `SYSTEM$STREAM_HAS_DATA('${status.stream}') = ${status.has_data ? 'TRUE' : 'FALSE'}; ${status.pending_rows} pending row(s) on ${status.source_table}`,
      );
      if (status.rows.length > 0) {
        const columns = [
          'METADATA$ACTION',
          'METADATA$ISUPDATE',
          'METADATA$ROW_ID',
          'transaction_id',
          'customer_id',
          'transaction_date',
          'transaction_amount',
          'merchant_category',
          'status',
        ];
        printLine(
          formatTable(
            columns.filter((c) => status.columns.some((s) => s.toLowerCase() === c.toLowerCase())),
            status.rows,
          ),
        );
      }
    }),
  );

  withWarehouseOptions(
    subcommand(stream, 'append').description('Insert N new bronze transactions (deterministic, new ids)').argument('<n>', 'how many transactions'),
  ).action(
    runAction(async (n: string, raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      if (!/^\d+$/.test(n.trim()) || Number(n) <= 0) throw new UserError(`stream append needs a positive whole number of transactions, got "${n}"`);
      const { streamAppend } = await import('../../orchestration/index.js');
      const result = await withBackend(options.config, (backend) => streamAppend(backend, Number(n)));
      if (options.json) {
        printJson(result);
        return;
      }
      printLine(
        `appended ${result.appended} transaction(s) (ids ${result.first_transaction_id}..${result.last_transaction_id}); the stream now has ${result.pending_rows} pending row(s)`,
      );
    }),
  );

  withWarehouseOptions(
    subcommand(stream, 'process').description('Run process_incremental_transactions: MERGE the stream into GOLD.FCT_TRANSACTIONS (SKIPPED when empty)'),
  ).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const { streamProcess } = await import('../../orchestration/index.js');
      // Ctrl-C stops the MERGE before it commits: the fact table and the stream's offset stay as they were.
      const result = await withBackend(options.config, (backend) => withInterrupt((signal) => streamProcess(backend, { signal })));
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
