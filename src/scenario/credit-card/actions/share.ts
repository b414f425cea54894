import type { Block, SceneAction } from '../../../scenes/types.js';
import { toTable } from '../../../scenes/sql-run.js';

/** Scene 9: the share's grants, a consumer query that works, and one on a raw table that is refused. */
export const share: SceneAction = async (ctx) => {
  const orchestration = await import('../../../orchestration/index.js');
  const t0 = performance.now();
  const shares = await orchestration.showShares(ctx.backend);
  ctx.recordSql({ label: 'SHOW SHARES', sql: 'SHOW SHARES;', ms: Math.round(performance.now() - t0), rows: shares.length });
  const first = shares[0];
  if (!first) throw new Error("no share exists yet (the pipeline's share refresh creates CUSTOMER_360_INSIGHTS)");
  const t1 = performance.now();
  const desc = await orchestration.describeShare(ctx.backend);
  ctx.recordSql({ label: 'DESC SHARE', sql: `DESC SHARE ${first.name};`, ms: Math.round(performance.now() - t1), rows: desc.objects.length });
  const blocks: Block[] = [
    {
      kind: 'tree',
      title: `Share ${first.name}`,
      nodes: [
        {
          label: first.name,
          detail: `to ${first.to || '(no consumer accounts yet)'}`,
          state: 'succeeded',
          children: desc.objects.map((o) => ({ label: `${o.kind} ${o.name}`, detail: 'granted', state: 'succeeded', children: [] })),
        },
      ],
    },
  ];
  const consumerSql = ctx.sqlFiles['share_consumer_query.sql'];
  const refusedSql = ctx.sqlFiles['share_refused_query.sql'];
  if (consumerSql) {
    const t2 = performance.now();
    try {
      const ok = await orchestration.shareQuery(ctx.backend, consumerSql);
      ctx.recordSql({ label: 'as consumer: granted view', sql: consumerSql, ms: Math.round(performance.now() - t2), rows: ok.rows.length });
      blocks.push({
        kind: 'table',
        title: `✔ As the consumer: SELECT on the granted ${ok.views.join(', ') || 'view'} works`,
        ...toTable(
          ok.rows,
          ok.columns.map((c) => c.toLowerCase()),
        ),
      });
    } catch (err) {
      ctx.recordSql({ label: 'as consumer: granted view (failed)', sql: consumerSql, ms: Math.round(performance.now() - t2) });
      throw new Error(`the consumer query on the granted view failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (refusedSql) {
    const t3 = performance.now();
    try {
      await orchestration.shareQuery(ctx.backend, refusedSql);
      ctx.recordSql({ label: 'as consumer: raw table (NOT refused!)', sql: refusedSql, ms: Math.round(performance.now() - t3) });
      blocks.push({
        kind: 'text',
        title: '✘ The raw table was NOT refused',
        lines: ['the consumer could read BRONZE.BRONZE_TRANSACTIONS: check the share grants'],
      });
    } catch (err) {
      ctx.recordSql({ label: 'as consumer: raw table (refused)', sql: refusedSql, ms: Math.round(performance.now() - t3) });
      blocks.push({ kind: 'text', title: '✘ As the consumer: SELECT on a raw table is refused', lines: [(err as Error).message.split('\n')[0]!] });
    }
  }
  return blocks;
};
