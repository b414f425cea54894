import type { Block, SceneAction } from '../../../scenes/types.js';
import { num, runSceneSql, toTable } from '../../../scenes/sql-run.js';
import { formatNumber } from '../../../text/charts/format.js';

/** Scene 8: append transactions, the stream has data, the incremental task MERGEs, the fact count moves. */
export const stream: SceneAction = async (ctx) => {
  const orchestration = await import('../../../orchestration/index.js');
  const n = Math.max(1, Math.round(num(ctx.params.append_rows ?? 500)) || 500);
  const timed = async <T>(label: string, sql: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const out = await work();
    ctx.recordSql({ label, sql, ms: Math.round(performance.now() - started) });
    return out;
  };
  const count = async () => num((await runSceneSql(ctx, 'stream_fact_count.sql')).rows[0]?.fact_rows);

  ctx.onProgress({ stage: 'stream status', fraction: 0.05 });
  const before = await timed('SYSTEM$STREAM_HAS_DATA (before)', "SELECT SYSTEM$STREAM_HAS_DATA('BRONZE.BRONZE_TRANSACTIONS_STREAM');", () =>
    orchestration.streamStatus(ctx.backend),
  );
  const factBefore = await count();
  ctx.onProgress({ stage: `append ${n} transactions`, fraction: 0.25 });
  const appended = await timed(`append ${n} transactions`, `-- INSERT INTO BRONZE.BRONZE_TRANSACTIONS: ${n} new transactions`, () =>
    orchestration.streamAppend(ctx.backend, n),
  );
  const during = await timed('SYSTEM$STREAM_HAS_DATA (after append)', "SELECT SYSTEM$STREAM_HAS_DATA('BRONZE.BRONZE_TRANSACTIONS_STREAM');", () =>
    orchestration.streamStatus(ctx.backend),
  );
  ctx.onProgress({ stage: 'incremental task: MERGE', fraction: 0.6 });
  const processed = await timed('EXECUTE TASK PROCESS_INCREMENTAL_TRANSACTIONS', 'EXECUTE TASK BRONZE.PROCESS_INCREMENTAL_TRANSACTIONS;', () =>
    orchestration.streamProcess(ctx.backend),
  );
  const after = await timed('SYSTEM$STREAM_HAS_DATA (after MERGE)', "SELECT SYSTEM$STREAM_HAS_DATA('BRONZE.BRONZE_TRANSACTIONS_STREAM');", () =>
    orchestration.streamStatus(ctx.backend),
  );
  const factAfter = processed.fact_rows_after ?? (await count());
  ctx.onProgress({ stage: 'done', fraction: 1 });

  const steps = [
    { step: '1. stream before', has_data: before.has_data, pending_rows: before.pending_rows, fact_rows: factBefore },
    { step: `2. append ${appended.appended}`, has_data: during.has_data, pending_rows: during.pending_rows, fact_rows: factBefore },
    { step: `3. MERGE (${processed.state})`, has_data: after.has_data, pending_rows: after.pending_rows, fact_rows: factAfter },
  ];
  const blocks: Block[] = [
    {
      kind: 'kpis',
      title: 'Change data capture',
      items: [
        { label: 'appended', value: formatNumber(appended.appended, 'int') },
        { label: 'merged', value: formatNumber(processed.merged_rows, 'int') },
        { label: 'fact rows', value: `${formatNumber(factBefore, 'int')} → ${formatNumber(factAfter, 'int')}` },
        { label: 'stream has data', value: `${before.has_data} → ${during.has_data} → ${after.has_data}` },
      ],
    },
    { kind: 'table', title: 'Step by step', ...toTable(steps) },
  ];
  if (during.rows.length > 0)
    blocks.push({ kind: 'table', title: 'Pending change rows (first few, as the stream shows them)', ...toTable(during.rows.slice(0, 5)) });
  return blocks;
};
