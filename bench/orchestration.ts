import type { Backend } from '../src/backends/backend.js';
import { shareQuery, showShares, streamAppend, streamProcess, streamStatus } from '../src/orchestration/index.js';

export interface OrchestrationBench {
  appendRows: number;
  appendMs: number;
  statusMs: number;
  /** MERGE of the appended rows into GOLD.FCT_TRANSACTIONS (null when the fact table is not built). */
  processMs: number | null;
  mergedRows: number | null;
  /** A second run: the stream is empty, the task is SKIPPED. */
  skippedMs: number | null;
  /** One consumer query through the share check (null when no share exists). */
  shareQueryMs: number | null;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, Math.round(performance.now() - started)];
}

/**
 * For bench/run.ts: times the stream and share paths on a built warehouse. It appends rows to
 * BRONZE (and merges them into GOLD): run it last, or on a copy.
 */
export async function benchOrchestration(backend: Backend, options: { appendRows?: number } = {}): Promise<OrchestrationBench> {
  const appendRows = options.appendRows ?? 10_000;
  await streamStatus(backend, { limit: 0 });
  const [, appendMs] = await timed(() => streamAppend(backend, appendRows));
  const [, statusMs] = await timed(() => streamStatus(backend, { limit: 10 }));
  const [processed, processMs] = await timed(() => streamProcess(backend));
  const merged = processed.state === 'SUCCEEDED';
  const [, skippedMs] = merged ? await timed(() => streamProcess(backend)) : [null, null];
  let shareQueryMs: number | null = null;
  if ((await showShares(backend)).length > 0) {
    [, shareQueryMs] = await timed(() => shareQuery(backend, 'SELECT customer_segment, count(*) AS customers FROM SHARED_CUSTOMER_INSIGHTS GROUP BY 1'));
  }
  return {
    appendRows,
    appendMs,
    statusMs,
    processMs: merged ? processMs : null,
    mergedRows: merged ? processed.merged_rows : null,
    skippedMs,
    shareQueryMs,
  };
}
