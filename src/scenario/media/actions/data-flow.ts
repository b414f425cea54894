import type { Block, SceneAction } from '../../../scenes/types.js';
import { num, runSceneSql, str } from '../../../scenes/sql-run.js';
import { bytes, count, fillLines, flowContentSchema, sceneContent } from './shared.js';

/** The analytics tables the dashboard reads; their row counts join the diagram once all exist. */
const DASHBOARD_TABLES = ['DIM_SUBSCRIBERS', 'FCT_ENGAGEMENT_DAILY', 'FCT_CUSTOMER_HEALTH_SCORES'];

/**
 * The seed's data-flow diagram as boxes (from the scene file) with what each layer holds now:
 * files landed, raw rows, rejected records, staged rows, unified subscribers, and the analytics
 * tables' rows once the analytics layer is built; then the same per source system.
 */
export const dataFlow: SceneAction = async (ctx) => {
  const content = sceneContent(flowContentSchema, ctx.content, 'data-flow');
  const layers = await runSceneSql(ctx, 'flow_layers.sql');
  const sources = await runSceneSql(ctx, 'flow_sources.sql');
  const unified = (await runSceneSql(ctx, 'flow_unified.sql')).rows[0] ?? {};
  const tablesIn = (layer: string) => layers.rows.filter((r) => str(r.layer) === layer).map((r) => str(r.table_name));
  const analyticsTables = tablesIn('SFE_ANALYTICS_MEDIA');
  const analytics = DASHBOARD_TABLES.every((t) => analyticsTables.includes(t)) ? ((await runSceneSql(ctx, 'flow_analytics.sql')).rows[0] ?? {}) : undefined;

  const sum = (column: string) => sources.rows.reduce((total, r) => total + (Number.isFinite(num(r[column])) ? num(r[column]) : 0), 0);
  const values: Record<string, string | undefined> = {
    files: count(sum('files')),
    landed: bytes(sum('bytes')),
    raw_rows: count(sum('raw_rows')),
    rejected: count(sum('rejected')),
    staged_rows: count(sum('staged_rows')),
    unified: count(unified.unified),
    roster: count(unified.roster),
    analytics_tables: analyticsTables.length > 0 ? `${analyticsTables.length} table(s)` : 'not built yet',
    subscribers: analytics ? count(analytics.subscribers) : undefined,
    engagement_days: analytics ? count(analytics.engagement_days) : undefined,
    health_scores: analytics ? count(analytics.health_scores) : undefined,
  };

  const blocks: Block[] = [
    { kind: 'flow', title: 'Data flow', stages: content.boxes.map((box) => ({ title: box.title, lines: fillLines(box.lines, values) })) },
    {
      kind: 'table',
      title: 'Per source system',
      columns: ['source', 'format', 'files', 'size', 'raw rows', 'rejected', 'staged'],
      rows: sources.rows.map((r) => ({
        source: str(r.source),
        format: str(r.format),
        files: count(r.files),
        size: bytes(r.bytes),
        'raw rows': count(r.raw_rows),
        rejected: count(r.rejected),
        staged: r.staging_table === null ? '(from raw)' : count(r.staged_rows),
      })),
    },
  ];
  return blocks;
};
