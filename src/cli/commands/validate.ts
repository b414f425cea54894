import type { Command } from 'commander';
import { commandOptions, withWarehouseOptions } from '../options.js';
import { printLine } from '../output.js';
import { formatTable } from '../../text/format-table.js';
import { runAction } from '../run-action.js';
import { runPipelineCommand } from './pipeline.js';
import type { CheckResult } from '../../validate/checks.js';

export function registerValidate(program: Command): void {
  withWarehouseOptions(program.command('validate').description('The 12 post-generation checks; exit 1 if any fails')).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const { pipelineStage } = await import('../../pipeline/stages.js');
      return runPipelineCommand(options, [await pipelineStage(options.config.pack, 'validate')], ([checks]) => {
        const rows = (checks as CheckResult[] | undefined) ?? [];
        printLine(
          formatTable(
            ['#', 'check', 'status', 'observed', 'expected'],
            rows.map((c) => ({ '#': c.order, check: c.name, status: c.status.toUpperCase(), observed: c.observed, expected: c.expected })),
            { maxWidth: 70 },
          ),
        );
        printLine();
      });
    }),
  );
}
