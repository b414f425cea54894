import { z } from 'zod';
import type { Block, SceneAction } from '../../../scenes/types.js';
import { num, runSceneSql } from '../../../scenes/sql-run.js';
import { formatNumber } from '../../../text/charts/format.js';

/** The scene file's boxes; `{name}` in a line is filled from the warehouse (a line left empty is dropped). */
const contentSchema = z.object({ boxes: z.array(z.object({ title: z.string().min(1), lines: z.array(z.string()).default([]) })).min(1) });

/** Scene 1: the data flow drawn as boxes, with what each layer holds right now. */
export const architecture: SceneAction = async (ctx) => {
  const content = contentSchema.safeParse(ctx.content);
  if (!content.success) throw new Error(`the architecture scene's content: ${content.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const layers = await runSceneSql(ctx, 'architecture_layers.sql');
  const count = (layer: string) => num(layers.rows.find((r) => String(r.layer).toUpperCase() === layer)?.objects);
  const objects = (layer: string) => (Number.isNaN(count(layer)) ? 'not built yet' : `${count(layer)} object(s)`);
  let volumes: { customers: number; transactions: number; first: string; last: string } | undefined;
  if (count('BRONZE') > 0) {
    const v = (await runSceneSql(ctx, 'architecture_volumes.sql')).rows[0] ?? {};
    volumes = {
      customers: num(v.customers),
      transactions: num(v.transactions),
      first: String(v.first_transaction ?? '').slice(0, 10),
      last: String(v.last_transaction ?? '').slice(0, 10),
    };
  }
  const remote = ctx.backend.kind === 'snowflake';
  const values: Record<string, string> = {
    generator: remote ? 'Python stored proc' : 'TS generator',
    bronze: objects('BRONZE'),
    silver: objects('SILVER'),
    gold: objects('GOLD'),
    customers: volumes ? formatNumber(volumes.customers, 'int') : '',
    transactions: volumes ? formatNumber(volumes.transactions, 'int') : '',
  };
  // A line whose placeholder has no value yet (no data built) is left out rather than shown half-filled.
  const fill = (line: string) => {
    const names = [...line.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    if (names.some((name) => values[name] === '')) return '';
    return line.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  };
  const blocks: Block[] = [
    { kind: 'flow', title: 'Data flow', stages: content.data.boxes.map((b) => ({ title: b.title, lines: b.lines.map(fill).filter(Boolean) })) },
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
