import type { StageContext, StageOutcome } from '../pipeline/pipeline.js';
import { runValidation, type ValidationOptions } from './checks.js';
import { recordChecks } from '../telemetry/quality.js';

/** Pipeline stage: the pack's checks, recorded in data_quality_telemetry; fails when any check fails. */
export async function validateStageRun(context: StageContext, options: ValidationOptions = {}): Promise<StageOutcome> {
  const results = await runValidation(context.backend, options);
  await recordChecks(context.backend, results);
  const failed = results.filter((r) => r.status === 'fail');
  const warned = results.filter((r) => r.status === 'warn');
  return {
    rows: results.length,
    ok: failed.length === 0,
    detail:
      failed.length > 0
        ? `${failed.length} of ${results.length} checks failed: ${failed.map((f) => f.name).join(', ')}`
        : `${results.length - warned.length} passed${warned.length ? `, ${warned.length} warned` : ''}`,
    data: results,
  };
}
