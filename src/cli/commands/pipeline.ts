import type { Command } from 'commander';
import { ExitCode, UserError } from '../errors.js';
import { commonOptions, withWarehouseOptions, type CommonOptions } from '../options.js';
import { formatTable, printJson, printLine } from '../output.js';
import { runAction } from '../run-action.js';
import { withInterrupt } from '../interrupt.js';
import type { Stage } from '../../pipeline/pipeline.js';

/**
 * Runs stages on the local warehouse with progress on stderr and a summary (table or JSON) on
 * stdout. Shared by `pipeline`, `generate` and `validate`.
 */
export async function runPipelineCommand(options: CommonOptions, stages: Stage[], render?: (data: unknown[]) => void): Promise<number> {
  if (options.fresh && !stages.some((stage) => stage.name === 'generate')) throw freshNeedsRebuild();
  const { openWarehouseForWrite } = await import('../../warehouse/open-for-write.js');
  const { runStages } = await import('../../pipeline/pipeline.js');
  const { stderrProgress } = await import('../../pipeline/progress.js');
  const backend = await openWarehouseForWrite(options);
  const progress = stderrProgress(!options.json);
  try {
    const reports = await withInterrupt((signal) => runStages(stages, { backend, options, onProgress: progress, signal }));
    progress.done();
    const failed = reports.some((r) => r.status === 'failed');
    if (options.json) {
      printJson({ backend: backend.description, scale: options.scale, seed: options.seed, asOf: options.asOf, ok: !failed, stages: reports });
    } else {
      render?.(reports.map((r) => r.data));
      printLine(formatTable(
        ['stage', 'status', 'seconds', 'rows', 'rows/s', 'detail'],
        reports.map((r) => ({ stage: r.stage, status: r.status, seconds: r.seconds.toFixed(2), rows: r.rows, 'rows/s': r.rowsPerSecond, detail: r.detail })),
        { maxWidth: 90 },
      ));
    }
    return failed ? ExitCode.checkFailed : ExitCode.ok;
  } finally {
    progress.done();
    await backend.close();
  }
}

/** `--fresh` moves the warehouse aside, which only makes sense for a command that then builds a new one. */
export function freshNeedsRebuild(): UserError {
  return new UserError('--fresh moves the warehouse aside and builds a new one: use it with `pipeline` or `generate`');
}

export function registerPipeline(program: Command): void {
  withWarehouseOptions(
    program.command('pipeline').description('Run everything locally: generate, validate, dbt build, churn training, share refresh'),
  ).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const { pipelineStages } = await import('../../pipeline/stages.js');
      return runPipelineCommand(options, pipelineStages());
    }),
  );
}
