import type { StoredRunResults } from '../../dbt/index.js';
import type { Block, SceneAction } from '../types.js';
import { toTable } from '../sql-run.js';

const LAYER_ORDER = ['source', 'bronze', 'staging', 'silver', 'intermediate', 'marts', 'gold', 'ml'];

/** dbt's run_results: models and tests with status and seconds. */
export function summarizeRunResults(stored: StoredRunResults): { models: { name: string; status: string; seconds: number }[]; tests: { name: string; status: string; message: string }[] } {
  const short = (id: string) => id.split('.').slice(2).join('.') || id;
  const models = stored.results.filter((r) => r.unique_id.startsWith('model.')).map((r) => ({ name: short(r.unique_id), status: r.status, seconds: r.execution_time }));
  const tests = stored.results.filter((r) => r.unique_id.startsWith('test.')).map((r) => ({ name: short(r.unique_id), status: r.status, message: r.message }));
  return { models, tests };
}

/** The last build's KPIs, per-model seconds and tests: the same blocks from local or Snowflake run results. */
function runResultBlocks(stored: StoredRunResults, title: string): Block[] {
  const { models, tests } = summarizeRunResults(stored);
  const passed = tests.filter((t) => t.status === 'pass').length;
  const blocks: Block[] = [
    {
      kind: 'kpis',
      title,
      items: [
        { label: 'models built', value: `${models.filter((m) => m.status === 'success').length}/${models.length}` },
        { label: 'tests passed', value: `${passed}/${tests.length}` },
        { label: 'elapsed', value: `${stored.elapsed_time.toFixed(1)} s` },
      ],
    },
  ];
  if (models.length > 0) {
    blocks.push({
      kind: 'bars',
      title: 'Seconds per model (slowest first)',
      format: 'decimal',
      items: [...models]
        .sort((a, b) => b.seconds - a.seconds)
        .slice(0, 12)
        .map((m) => ({ label: m.name, value: m.seconds })),
    });
  }
  const failing = tests.filter((t) => t.status !== 'pass');
  blocks.push(
    failing.length > 0
      ? { kind: 'table', title: 'Tests not passing', ...toTable(failing.map((t) => ({ test: t.name, status: t.status, message: t.message }))) }
      : { kind: 'text', lines: [`all ${tests.length} tests passed: unique, not_null, relationships, accepted_values`] },
  );
  return blocks;
}

/** On Snowflake: the project object, its last EXECUTE DBT PROJECT run and that run's results, from Snowflake itself. */
const dbtOnSnowflake: SceneAction = async (ctx) => {
  const { describeDbtProjectOnSnowflake, column } = await import('../../dbt/snowflake-project.js');
  const found = await describeDbtProjectOnSnowflake(ctx.backend);
  for (const statement of found.statements) ctx.recordSql(statement);
  if (!found.project) throw new Error('the dbt project object does not exist on this account yet (run `c360-demo deploy`)');
  const blocks: Block[] = [
    {
      kind: 'kpis',
      title: `dbt project ${column(found.project, 'database_name') ?? 'CUSTOMER_ANALYTICS'}.${column(found.project, 'schema_name') ?? 'PUBLIC'}.${column(found.project, 'name')}`,
      items: [
        { label: 'default target', value: column(found.project, 'default_target') ?? '-' },
        { label: 'created', value: (column(found.project, 'created_on') ?? '-').slice(0, 19).replace('T', ' ') },
        { label: 'owner', value: column(found.project, 'owner') ?? '-' },
      ],
    },
  ];
  if (!found.lastRun) {
    blocks.push({ kind: 'text', title: 'Last run', lines: ['no EXECUTE DBT PROJECT run yet (run `c360-demo pipeline --backend snowflake`)'] });
    return blocks;
  }
  const started = column(found.lastRun, 'query_start_time');
  const ended = column(found.lastRun, 'query_end_time');
  const error = column(found.lastRun, 'error_message');
  blocks.push({
    kind: 'kpis',
    title: `Last EXECUTE DBT PROJECT (${(started ?? '').slice(0, 19).replace('T', ' ')})`,
    items: [
      { label: 'args', value: column(found.lastRun, 'args') ?? column(found.lastRun, 'command') ?? '-' },
      { label: 'seconds', value: started && ended ? ((Date.parse(ended) - Date.parse(started)) / 1000).toFixed(1) : '-' },
      { label: 'result', value: error ? `failed: ${error}` : 'succeeded' },
    ],
  });
  if (found.runResults) blocks.push(...runResultBlocks(found.runResults, 'Per-model results of that run (its run_results.json)'));
  else blocks.push({ kind: 'text', lines: ['the run left no run_results.json (Snowflake keeps artefacts for 14 days)'] });
  return blocks;
};

/** Scene 5: the dbt project's lineage and the last build's per-model timings and test results. */
export const dbt: SceneAction = async (ctx) => {
  if (ctx.backend.kind === 'snowflake') return dbtOnSnowflake(ctx);
  const runner = await import('../../dbt/index.js');
  const started = performance.now();
  const lineage = runner.loadLineage(ctx.config.dataDir);
  ctx.recordSql({ label: 'SHOW DBT PROJECTS', sql: 'SHOW DBT PROJECTS IN DATABASE CUSTOMER_ANALYTICS;  -- locally: the project manifest in the data dir', ms: Math.round(performance.now() - started) });
  if (!lineage) throw new Error('the dbt project has not been built yet (run `c360-demo dbt build` or the pipeline)');
  const nameOf = new Map(lineage.nodes.map((n) => [n.uniqueId, n.resourceType === 'source' ? `${n.name.toLowerCase()} (src)` : n.name]));
  const layerRank = (layer: string) => {
    const i = LAYER_ORDER.indexOf(layer.toLowerCase());
    return i < 0 ? LAYER_ORDER.length : i;
  };
  const blocks: Block[] = [
    {
      kind: 'kpis',
      title: `dbt project ${lineage.project}`,
      items: [
        { label: 'sources', value: String(lineage.nodes.filter((n) => n.resourceType === 'source').length) },
        { label: 'models', value: String(lineage.nodes.filter((n) => n.resourceType === 'model').length) },
        { label: 'compiled', value: lineage.generatedAt.slice(0, 19).replace('T', ' ') },
      ],
    },
    {
      kind: 'dag',
      title: 'Lineage (sources at the top, gold marts at the bottom)',
      nodes: [...lineage.nodes].sort((a, b) => layerRank(a.layer) - layerRank(b.layer)).map((n) => ({ id: nameOf.get(n.uniqueId) ?? n.name, group: n.layer })),
      edges: lineage.edges.map((e) => [nameOf.get(e.from) ?? e.from, nameOf.get(e.to) ?? e.to] as [string, string]),
    },
  ];
  const stored = runner.loadRunResults(ctx.config.dataDir, 'build');
  if (!stored) {
    blocks.push({ kind: 'text', title: 'Last build', lines: ['no run results yet (run `c360-demo dbt build`)'] });
    return blocks;
  }
  blocks.push(...runResultBlocks(stored, `Last ${stored.args.which} (${stored.metadata.generated_at.slice(0, 19).replace('T', ' ')})`));
  return blocks;
};
