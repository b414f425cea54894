import type { Command } from 'commander';
import { commonOptions, withWarehouseOptions } from '../options.js';
import { runAction } from '../run-action.js';
import { runPipelineCommand } from './pipeline.js';

export function registerGenerate(program: Command): void {
  withWarehouseOptions(
    program.command('generate').description('Generate the bronze layer: customers (faker, seeded) and ~13.5M transactions at full scale (SQL in DuckDB)'),
  ).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const { generateStage } = await import('../../pipeline/stages.js');
      return runPipelineCommand(options, [generateStage]);
    }),
  );
}
