import type { Backend } from '../backends/backend.js';
import type { CheckResult } from '../validate/checks.js';
import { ensureTelemetryTables, newRunId, valuesList } from './telemetry.js';

/** Appends one validation run to TELEMETRY.DATA_QUALITY_TELEMETRY (v_data_quality_dashboard reads it). */
export async function recordChecks(backend: Backend, results: CheckResult[]): Promise<void> {
  if (results.length === 0) return;
  await ensureTelemetryTables(backend);
  const runId = newRunId();
  await backend.execute(`INSERT INTO TELEMETRY.DATA_QUALITY_TELEMETRY
    SELECT *, current_timestamp FROM (VALUES ${valuesList(results.map((r) => [runId, r.order, r.name, r.status, r.observed, r.expected]))})`);
}
