import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { commandOptions, withWarehouseOptions, type CommandOptions } from '../options.js';
import { printError, printJson, printLine } from '../output.js';
import { formatTable } from '../../text/format-table.js';
import { runAction } from '../run-action.js';
import { currentIo } from '../io.js';
import { withInterrupt } from '../interrupt.js';
import type { Stage } from '../../pipeline/pipeline.js';
import { rememberedGeneration } from '../warehouse-command.js';

/**
 * Runs stages on the local warehouse with progress on stderr and a summary (table or JSON) on
 * stdout. Shared by `pipeline`, `generate` and `validate`.
 */
export async function runPipelineCommand(options: CommandOptions, stages: Stage[], render?: (data: unknown[]) => void): Promise<number> {
  const { openWarehouseForWrite } = await import('../../warehouse/open-for-write.js');
  const { runStages } = await import('../../pipeline/pipeline.js');
  const { progressPrinter } = await import('../../pipeline/progress.js');
  const backend = await openWarehouseForWrite(options.config, { fresh: options.fresh, notice: printError });
  const progress = progressPrinter(currentIo().stderr, !options.json);
  try {
    const config = stages.some((stage) => stage.name === 'generate') ? await rememberedGeneration(options, backend) : options.config;
    const reports = await withInterrupt((signal) => runStages(stages, { backend, config, onProgress: progress, signal }));
    progress.done();
    const failed = reports.some((r) => r.status === 'failed');
    if (options.json) {
      printJson({ backend: backend.description, scale: config.scale, seed: config.seed, asOf: config.asOf, ok: !failed, stages: reports });
    } else {
      render?.(reports.map((r) => r.data));
      printLine(
        formatTable(
          ['stage', 'status', 'seconds', 'rows', 'rows/s', 'detail'],
          reports.map((r) => ({ stage: r.stage, status: r.status, seconds: r.seconds.toFixed(2), rows: r.rows, 'rows/s': r.rowsPerSecond, detail: r.detail })),
          { maxWidth: 90 },
        ),
      );
    }
    return failed ? ExitCode.checkFailed : ExitCode.ok;
  } finally {
    progress.done();
    await backend.close();
  }
}

export function registerPipeline(program: Command): void {
  withWarehouseOptions(program.command('pipeline').description('Run everything locally: generate, validate, dbt build, churn training, share refresh'), {
    generation: true,
    fresh: true,
  }).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const { pipelineStages } = await import('../../pipeline/stages.js');
      return runPipelineCommand(options, pipelineStages());
    }),
  );
}
