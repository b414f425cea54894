import type { Block, SceneAction } from '../types.js';
import { num, runSceneSql } from '../sql-run.js';
import { formatNumber } from '../../render/charts/format.js';

/** Scene 1: the data flow drawn as boxes, with what each layer holds right now. */
export const architecture: SceneAction = async (ctx) => {
  const layers = await runSceneSql(ctx, 'architecture_layers.sql');
  const count = (layer: string) => num(layers.rows.find((r) => String(r.layer).toUpperCase() === layer)?.objects);
  const objects = (layer: string) => (Number.isNaN(count(layer)) ? 'not built yet' : `${count(layer)} object(s)`);
  let volumes: { customers: number; transactions: number; first: string; last: string } | undefined;
  if (count('BRONZE') > 0) {
    const v = (await runSceneSql(ctx, 'architecture_volumes.sql')).rows[0] ?? {};
    volumes = { customers: num(v.customers), transactions: num(v.transactions), first: String(v.first_transaction ?? '').slice(0, 10), last: String(v.last_transaction ?? '').slice(0, 10) };
  }
  const remote = ctx.backend.kind === 'snowflake';
  const blocks: Block[] = [
    {
      kind: 'flow',
      title: 'Data flow',
      stages: [
        { title: 'Sources', lines: [remote ? 'Python stored proc' : 'TS generator', 'SQL transactions', 'seed 42'] },
        { title: 'Bronze (raw)', lines: [objects('BRONZE'), volumes ? `${formatNumber(volumes.customers, 'int')} customers` : '', volumes ? `${formatNumber(volumes.transactions, 'int')} tx` : ''] },
        { title: 'Silver', lines: [objects('SILVER'), 'dbt staging views'] },
        { title: 'Gold', lines: [objects('GOLD'), 'dims, facts,', 'metrics, segments'] },
        { title: 'ML', lines: ['churn model', 'deploy if AUC>0.80'] },
        { title: 'App / Share', lines: ['this presenter', 'secure share'] },
      ],
    },
    {
      kind: 'kpis',
      title: 'This run',
      items: [
        { label: 'customers', value: volumes ? formatNumber(volumes.customers, 'int') : 'none yet' },
        { label: 'transactions', value: volumes ? formatNumber(volumes.transactions, 'int') : 'none yet' },
        ...(volumes ? [{ label: 'history', value: `${volumes.first} .. ${volumes.last}` }] : []),
        { label: 'tasks', value: remote ? 'Snowflake Tasks + Streams' : 'local emulator' },
      ],
    },
  ];
  return blocks;
};
