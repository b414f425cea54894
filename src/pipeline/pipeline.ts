import type { Backend, ProgressListener } from '../backends/backend.js';
import type { RunConfig } from '../core/config.js';
import { InterruptedError } from '../core/errors.js';

/** What one stage of `c360-demo pipeline` reports; the summary table and `--json` show these. */
export interface StageOutcome {
  /** Rows the stage produced (or checked), for rows/s. */
  rows?: number;
  /** One line for the summary table. */
  detail?: string;
  /** false when a check or gate failed: the pipeline stops and exits 1. */
  ok?: boolean;
  /** Anything else worth keeping in the JSON output. */
  data?: unknown;
}

export interface StageContext {
  backend: Backend;
  config: RunConfig;
  onProgress: ProgressListener;
  signal: AbortSignal;
}

export interface Stage {
  name: string;
  run(context: StageContext): Promise<StageOutcome>;
}

export interface StageReport {
  stage: string;
  status: 'ok' | 'failed';
  seconds: number;
  rows: number | null;
  rowsPerSecond: number | null;
  detail: string;
  data?: unknown;
}

/** Runs stages in order, timing each; stops at the first one that fails its check or gate. */
export async function runStages(stages: Stage[], context: StageContext): Promise<StageReport[]> {
  const reports: StageReport[] = [];
  for (const stage of stages) {
    const started = performance.now();
    const outcome = await stage.run(context).catch((err: unknown) => {
      // Earlier stages committed their work; an interruption says so rather than "nothing changed".
      if (err instanceof InterruptedError && reports.length > 0) {
        const kept = reports.map((r) => r.stage).join(', ');
        throw new InterruptedError(
          `${err.message.replace(/^interrupted: /, `interrupted during ${stage.name}: `)}; finished stages stay as they are (${kept})`,
        );
      }
      throw err;
    });
    const seconds = (performance.now() - started) / 1000;
    const rows = outcome.rows ?? null;
    reports.push({
      stage: stage.name,
      status: outcome.ok === false ? 'failed' : 'ok',
      seconds: Number(seconds.toFixed(3)),
      rows,
      rowsPerSecond: rows === null || seconds === 0 ? null : Math.round(rows / seconds),
      detail: outcome.detail ?? '',
      ...(outcome.data === undefined ? {} : { data: outcome.data }),
    });
    if (outcome.ok === false) break;
  }
  if (context.backend.kind === 'local') {
    const { recordStageTimings } = await import('../telemetry/telemetry.js');
    await recordStageTimings(context.backend, context.config, reports);
  }
  return reports;
}
