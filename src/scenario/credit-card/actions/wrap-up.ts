import { z } from 'zod';
import type { TaskHistoryRow } from '../../../orchestration/types.js';
import type { Block, SceneAction } from '../../../scenes/types.js';
import { runSceneSql } from '../../../scenes/sql-run.js';
import { durationSeconds } from '../../../scenes/actions/history.js';
import { latestStageTimings, type StageTiming } from '../../../telemetry/telemetry.js';
import { warehouseState } from '../../../scenes/warehouse.js';
import { formatNumber } from '../../../text/charts/format.js';

/** The scene file's `content`: the reference (measured) numbers and the closing points. */
const contentSchema = z.object({
  reference: z.object({
    /** Who measured the reference numbers, where, at what scale: named in the table's title. */
    label: z.string().min(1),
    customers: z.number().int().positive(),
    steps: z
      .array(
        z.object({
          step: z.string().min(1),
          /** Task names (a regular expression) whose TASK_HISTORY durations make "this run". */
          task: z.string().optional(),
          /** The pipeline telemetry stage for "this run" when no graph run happened. */
          stage: z.string().optional(),
          time: z.string().min(1),
          credits: z.string().min(1),
          /** The total row: this run's whole-graph wall time. */
          total: z.boolean().default(false),
        }),
      )
      .min(1),
  }),
  key_points: z.array(z.string().min(1)).default([]),
});
type Reference = z.infer<typeof contentSchema>['reference'];

/** The stages of `c360-demo pipeline`, whose latest timings add up to the total. */
const PIPELINE_STAGES = ['generate', 'validate', 'dbt build', 'churn train', 'share refresh'];

/** "This run" from the last `c360-demo pipeline` (telemetry), for when no graph run happened yet. */
function fromPipelineTelemetry(timings: StageTiming[]): { value: (c: Reference['steps'][number]) => string; note: string } | null {
  const byStage = new Map(timings.map((t) => [t.stage, t]));
  if (!PIPELINE_STAGES.some((s) => byStage.has(s))) return null;
  const stages = PIPELINE_STAGES.map((s) => byStage.get(s));
  const total = stages.every(Boolean) ? stages.reduce((sum, t) => sum + t!.seconds, 0) : null;
  const newest =
    timings
      .map((t) => t.recordedAt)
      .sort()
      .at(-1) ?? '';
  return {
    value: (c) => {
      if (c.total) return total === null ? '—' : `${total.toFixed(1)} s`;
      const t = c.stage ? byStage.get(c.stage) : undefined;
      return t ? `${t.seconds.toFixed(1)} s` : '—';
    },
    note: `this run: the last pipeline run's stage timings (telemetry, ${newest.slice(0, 16)}); trigger the graph (scene 3) to time it as tasks`,
  };
}

/** Scene 10: the reference costs beside this run's own timings, each named with its scale. */
export const wrapUp: SceneAction = async (ctx) => {
  const parsed = contentSchema.safeParse(ctx.content);
  if (!parsed.success) throw new Error(`the wrap-up scene's content: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { reference, key_points: keyPoints } = parsed.data;
  let history: TaskHistoryRow[] = [];
  let historyNote = '';
  try {
    const orchestration = await import('../../../orchestration/index.js');
    history = await orchestration.taskHistory(ctx.backend, { limit: 50 });
  } catch (err) {
    historyNote = `no task history: ${(err as Error).message}`;
  }
  // The latest graph run of the pipeline (not the stream task's runs): rows sharing its run_id.
  const latestRun = history.find((h) => h.state === 'SUCCEEDED' && /CUSTOMER_DATA/i.test(h.name))?.run_id;
  const run = latestRun === undefined ? [] : history.filter((h) => h.run_id === latestRun);
  const measured = (pattern: string | undefined) => {
    if (!pattern) return '—';
    const re = new RegExp(pattern, 'i');
    const secs = run
      .filter((r) => re.test(r.name))
      .map(durationSeconds)
      .filter((s): s is number => s !== null);
    return secs.length > 0 ? `${secs.reduce((a, b) => a + b, 0).toFixed(1)} s` : '—';
  };
  const starts = run.map((r) => Date.parse(r.query_start_time ?? '')).filter(Number.isFinite);
  const ends = run.map((r) => Date.parse(r.completed_time ?? '')).filter(Number.isFinite);
  const total = starts.length > 0 && ends.length > 0 ? (Math.max(...ends) - Math.min(...starts)) / 1000 : 0;
  const telemetry = run.length === 0 ? fromPipelineTelemetry(await latestStageTimings(ctx.backend).catch(() => [])) : null;
  const customers = (await warehouseState(ctx.backend).catch(() => undefined))?.entities ?? null;
  const thisScale = customers === null ? 'scale unknown' : `${formatNumber(customers, 'int')} customers`;
  const short = (n: number | null) => (n === null ? '?' : n >= 1000 ? `${formatNumber(n / 1000, 'int')}k` : String(n));
  const here = `this run, ${short(customers)}`;
  const rows = reference.steps.map((c) => ({
    step: c.step,
    [`reference, ${short(reference.customers)}`]: c.time,
    credits: c.credits,
    [here]: telemetry ? telemetry.value(c) : c.total ? (run.length > 0 ? `${total.toFixed(1)} s` : '—') : measured(c.task),
  }));
  const blocks: Block[] = [
    {
      kind: 'table',
      title: `Cost and performance: reference at ${formatNumber(reference.customers, 'int')} customers, this run at ${thisScale}`,
      columns: Object.keys(rows[0]!),
      rows,
    },
  ];
  const note = historyNote || telemetry?.note || (run.length === 0 ? 'no completed graph run yet: trigger one (scene 3) to fill the last column' : '');
  blocks.push({
    kind: 'text',
    lines: [
      `reference: ${reference.label}; this run: ${ctx.backend.kind === 'local' ? 'the local warehouse' : 'Snowflake'}, ${thisScale}.`,
      ...(note ? [note] : []),
    ],
  });
  // The panel queries on gold, timed now on this backend.
  const timings: { label: string; value: number }[] = [];
  for (const name of Object.keys(ctx.sqlFiles)) {
    try {
      const started = performance.now();
      await runSceneSql(ctx, name);
      timings.push({ label: name.replace(/\.sql$/, ''), value: Math.round(performance.now() - started) });
    } catch {
      // The gold layer may not be built yet; the comparison above still stands.
    }
  }
  if (timings.length > 0) blocks.push({ kind: 'bars', title: `Gold queries behind the panel, measured now (ms, ${thisScale})`, format: 'int', items: timings });
  if (keyPoints.length > 0) blocks.push({ kind: 'text', title: 'Key talking points', lines: keyPoints.map((p) => `• ${p}`) });
  return blocks;
};
