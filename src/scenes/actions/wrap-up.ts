import type { TaskHistoryRow } from '../../orchestration/types.js';
import type { Block, SceneAction } from '../types.js';
import { runSceneSql } from '../sql-run.js';
import { durationSeconds } from './history.js';
import { latestStageTimings, type StageTiming } from '../../telemetry/telemetry.js';

/** The seed's measured Snowflake numbers (COMPUTE_WH, Small) per pipeline step. */
export const SEED_COSTS: { step: string; task: RegExp; telemetryStage: string | null; snowflake: string; credits: string }[] = [
  { step: 'Customer generation', task: /CUSTOMER/i, telemetryStage: 'generate_customers', snowflake: '30–60 s', credits: '~0.01' },
  { step: 'Transaction generation', task: /TRANSACTION_DATA|GENERATE_TRANSACTION/i, telemetryStage: 'generate_transactions', snowflake: '5–15 min', credits: '~0.2–0.4' },
  { step: 'dbt transformations', task: /DBT/i, telemetryStage: 'dbt build', snowflake: '2–5 min', credits: '~0.05–0.1' },
  { step: 'ML model training', task: /CHURN|ML/i, telemetryStage: 'churn train', snowflake: '1–3 min', credits: '~0.02–0.05' },
  { step: 'Total pipeline', task: /^$/, telemetryStage: null, snowflake: '10–25 min', credits: '~0.3–0.6 ($0.90–$1.80)' },
];

/** The stages of `c360-demo pipeline`, whose latest timings add up to the total. */
const PIPELINE_STAGES = ['generate', 'validate', 'dbt build', 'churn train', 'share refresh'];

/** "This run" from the last `c360-demo pipeline` (telemetry), for when no graph run happened yet. */
function fromPipelineTelemetry(timings: StageTiming[]): { value: (c: (typeof SEED_COSTS)[number]) => string; note: string } | null {
  const byStage = new Map(timings.map((t) => [t.stage, t]));
  if (!PIPELINE_STAGES.some((s) => byStage.has(s))) return null;
  const stages = PIPELINE_STAGES.map((s) => byStage.get(s));
  const total = stages.every(Boolean) ? stages.reduce((sum, t) => sum + t!.seconds, 0) : null;
  const newest = timings.map((t) => t.recordedAt).sort().at(-1) ?? '';
  return {
    value: (c) => {
      if (c.telemetryStage === null) return total === null ? '—' : `${total.toFixed(1)} s`;
      const t = byStage.get(c.telemetryStage);
      return t ? `${t.seconds.toFixed(1)} s` : '—';
    },
    note: `this run: the last pipeline run's stage timings (telemetry, ${newest.slice(0, 16)}); trigger the graph (scene 3) to time it as tasks`,
  };
}

/** Scene 10: key talking points and the cost/performance comparison with this run's timings. */
export const wrapUp: SceneAction = async (ctx) => {
  let history: TaskHistoryRow[] = [];
  let historyNote = '';
  try {
    const orchestration = await import('../../orchestration/index.js');
    history = await orchestration.taskHistory(ctx.backend, { limit: 50 });
  } catch (err) {
    historyNote = `no task history: ${(err as Error).message}`;
  }
  // The latest graph run of the pipeline (not the stream task's runs): rows sharing its run_id.
  const latestRun = history.find((h) => h.state === 'SUCCEEDED' && /CUSTOMER_DATA/i.test(h.name))?.run_id;
  const run = latestRun === undefined ? [] : history.filter((h) => h.run_id === latestRun);
  const measured = (re: RegExp) => {
    const secs = run.filter((r) => re.test(r.name)).map(durationSeconds).filter((s): s is number => s !== null);
    return secs.length > 0 ? `${secs.reduce((a, b) => a + b, 0).toFixed(1)} s` : '—';
  };
  const starts = run.map((r) => Date.parse(r.query_start_time ?? '')).filter(Number.isFinite);
  const ends = run.map((r) => Date.parse(r.completed_time ?? '')).filter(Number.isFinite);
  const total = starts.length > 0 && ends.length > 0 ? (Math.max(...ends) - Math.min(...starts)) / 1000 : 0;
  const telemetry = run.length === 0 ? fromPipelineTelemetry(await latestStageTimings(ctx.backend).catch(() => [])) : null;
  const rows = SEED_COSTS.map((c) => ({
    step: c.step,
    'snowflake (seed, Small WH)': c.snowflake,
    credits: c.credits,
    [`this run (${ctx.backend.kind})`]: telemetry
      ? telemetry.value(c)
      : c.step === 'Total pipeline' ? (run.length > 0 ? `${total.toFixed(1)} s` : '—') : measured(c.task),
  }));
  const blocks: Block[] = [
    { kind: 'table', title: 'Cost and performance', columns: Object.keys(rows[0]!), rows },
  ];
  const note = historyNote || telemetry?.note || (run.length === 0 ? 'no completed graph run yet: trigger one (scene 3) to fill the last column' : '');
  if (note) blocks.push({ kind: 'text', lines: [note] });
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
  if (timings.length > 0) blocks.push({ kind: 'bars', title: 'Gold queries behind the panel, measured now (ms)', format: 'int', items: timings });
  blocks.push({ kind: 'text', title: 'Key talking points', lines: ['• Fully automated with Snowflake Tasks', '• dbt runs natively — no external orchestration needed', '• Streams enable real-time incremental processing', '• Stored procedure generates data with Python in Snowflake', '• Same business logic, different execution context: local fallback for CI/CD or debugging'] });
  return blocks;
};
