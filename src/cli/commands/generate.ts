import type { Command } from 'commander';
import { commandOptions, withWarehouseOptions } from '../options.js';
import { runAction } from '../run-action.js';
import { runPipelineCommand } from './pipeline.js';

export function registerGenerate(program: Command): void {
  withWarehouseOptions(
    program
      .command('generate')
      .description("Generate the pack's source data, seeded (credit-card: the bronze customers and ~11.3M transactions at full scale)"),
    { generation: true, fresh: true },
  ).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const { pipelineStage } = await import('../../pipeline/stages.js');
      return runPipelineCommand(options, [await pipelineStage(options.config.pack, 'generate')]);
    }),
  );
}
