import type { Backend } from '../../backends/backend.js';
import { loadDag } from '../dag.js';
import type { StreamProcessResult } from '../types.js';
import { STREAM_PROCESS_STAGE, streamTask } from '../task-body.js';
import { executeTaskLocal, mergeRunner } from './tasks.js';
import type { MergeOutcome } from './stream.js';

/**
 * `stream process`: one run of process_incremental_transactions, as the scheduler would start it:
 * SKIPPED when SYSTEM$STREAM_HAS_DATA is false, else the MERGE and offset advance in one transaction.
 */
export async function streamProcessLocal(
  backend: Backend,
  hooks: { beforeMergeCommit?: () => Promise<void>; signal?: AbortSignal; task?: string } = {},
): Promise<StreamProcessResult> {
  const base = mergeRunner(backend, hooks);
  let merged: MergeOutcome | undefined;
  const result = await executeTaskLocal(backend, streamTask(loadDag(backend.pack), hooks.task).name, {
    signal: hooks.signal,
    runner: {
      async runStage(task, stage, context) {
        const outcome = await base.runStage(task, stage, context);
        if (stage === STREAM_PROCESS_STAGE) merged = outcome.data as MergeOutcome;
        return outcome;
      },
    },
  });
  const history = result.tasks[result.tasks.length - 1]!;
  return {
    state: history.state,
    merged_rows: merged?.merged_rows ?? 0,
    fact_rows_before: merged?.fact_rows_before ?? null,
    fact_rows_after: merged?.fact_rows_after ?? null,
    history,
  };
}
