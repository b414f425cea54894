import type { Command } from 'commander';
import { ExitCode, UserError } from '../../core/errors.js';
import { commandOptions, withWarehouseOptions } from '../options.js';
import { printError, printJson, printLine } from '../output.js';
import { formatTable } from '../../text/format-table.js';
import { runAction } from '../run-action.js';
import { currentIo } from '../io.js';
import { withInterrupt } from '../interrupt.js';
import { rememberedGeneration, seconds, shortTime, subcommand, withBackend } from '../warehouse-command.js';
import type { TaskHistoryRow } from '../../orchestration/types.js';

function historyTable(rows: TaskHistoryRow[]): string {
  return formatTable(
    ['name', 'state', 'scheduled_time', 'query_start_time', 'completed_time', 'seconds', 'error_code', 'error_message'],
    rows.map((r) => ({
      name: r.name,
      state: r.state,
      scheduled_time: shortTime(r.scheduled_time),
      query_start_time: shortTime(r.query_start_time),
      completed_time: shortTime(r.completed_time),
      seconds: seconds(r.query_start_time, r.completed_time)?.toFixed(1) ?? null,
      error_code: r.error_code,
      error_message: r.error_message,
    })),
    { maxWidth: 80 },
  );
}

export function registerTasks(program: Command): void {
  const tasks = program.command('tasks').description("The pack's task graph (sql/<pack>/orchestration/pipeline_tasks.sql): show, execute NAME, history");

  withWarehouseOptions(subcommand(tasks, 'show').description('SHOW TASKS: name, state, schedule, predecessors, condition, warehouse, next run')).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const { showTasks } = await import('../../orchestration/index.js');
      const rows = await withBackend(options.config, showTasks);
      if (options.json) {
        printJson(rows);
        return;
      }
      printLine(
        formatTable(
          ['name', 'state', 'schedule', 'predecessors', 'condition', 'warehouse', 'next_scheduled_time', 'definition'],
          rows.map((t) => ({
            ...t,
            definition: t.definition.replace(/\s+/g, ' '),
            predecessors: t.predecessors.join(', ') || null,
            next_scheduled_time: shortTime(t.next_scheduled_time),
          })),
          { maxWidth: 48 },
        ),
      );
    }),
  );

  withWarehouseOptions(
    subcommand(tasks, 'execute')
      .description('EXECUTE TASK: run a root (or standalone) task now; a root cascades through its children')
      .argument('<name>', 'task name, e.g. generate_customer_data'),
    { generation: true },
  ).action(
    runAction(async (name: string, raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const { executeTask } = await import('../../orchestration/index.js');
      const { progressPrinter } = await import('../../pipeline/progress.js');
      const progress = progressPrinter(currentIo().stderr, !options.json && currentIo().stderr.isTTY === true);
      const result = await withBackend(options.config, async (backend) => {
        const config = await rememberedGeneration(options, backend);
        return withInterrupt((signal) =>
          executeTask(backend, name, {
            config,
            signal,
            onStageProgress: progress,
            onProgress: (row) => {
              progress.done();
              if (!options.json) printError(`${row.name.toLowerCase().padEnd(34)} ${row.state}${row.error_message ? `: ${row.error_message}` : ''}`);
            },
          }),
        );
      });
      progress.done();
      if (options.json) printJson(result);
      else {
        printLine(historyTable(result.tasks));
        printLine(`graph run ${result.run_id}: ${result.state}`);
      }
      return result.state === 'FAILED' || result.state === 'CANCELLED' ? ExitCode.checkFailed : ExitCode.ok;
    }),
  );

  withWarehouseOptions(
    subcommand(tasks, 'history')
      .description('INFORMATION_SCHEMA.TASK_HISTORY(): task runs, newest first')
      .option('--limit <n>', 'rows to show', '20')
      .option('--task <name>', 'only this task'),
  ).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const limit = String(raw.limit ?? '20');
      if (!/^\d+$/.test(limit) || Number(limit) < 1) throw new UserError(`--limit must be a positive whole number, got "${limit}"`);
      const { taskHistory } = await import('../../orchestration/index.js');
      const rows = await withBackend(options.config, (backend) =>
        taskHistory(backend, { limit: Number(limit), ...(raw.task ? { name: String(raw.task) } : {}) }),
      );
      if (options.json) {
        printJson(rows);
        return;
      }
      printLine(historyTable(rows));
    }),
  );
}
