import type { Block, SceneAction } from '../types.js';
import { cell, num, runSceneSql, str } from '../sql-run.js';
import { historyBlocks } from './history.js';
import { latestStageTimings } from '../../telemetry/telemetry.js';

/** Scene 4: TASK_HISTORY, the 12 validation checks and the data-quality telemetry view. */
export const monitor: SceneAction = async (ctx) => {
  const blocks: Block[] = [];
  const problems: string[] = [];

  try {
    const orchestration = await import('../../orchestration/index.js');
    const started = performance.now();
    const rows = await orchestration.taskHistory(ctx.backend, { limit: 30 });
    ctx.recordSql({ label: 'TASK_HISTORY', sql: ctx.sqlFiles['monitor_task_history.sql'] ?? 'TASK_HISTORY()', ms: Math.round(performance.now() - started), rows: rows.length });
    // What ran, not what is merely scheduled: the last run's rows, newest first.
    const ran = rows.filter((r) => r.state !== 'SCHEDULED');
    if (ran.length > 0) blocks.push(...historyBlocks(ran.slice(0, 10)));
    else {
      // No graph run yet on this warehouse: the pipeline that built it ran the same stages.
      const timings = await latestStageTimings(ctx.backend).catch(() => []);
      if (timings.length > 0) {
        blocks.push({ kind: 'bars', title: `TASK_HISTORY has no run yet; the pipeline that built this warehouse (${timings.map((t) => t.recordedAt).sort().at(-1)?.slice(0, 16).replace('T', ' ')}), seconds per stage`, format: 'decimal', items: timings.map((t) => ({ label: t.stage, value: t.seconds })) });
      } else blocks.push(...historyBlocks([]));
    }
  } catch (err) {
    problems.push(`task history: ${(err as Error).message}`);
  }

  // The checks as the last validation run recorded them (telemetry): instant even at 11M rows.
  // Live re-validation (seconds at full scale) only when there is no telemetry yet, or when the
  // scene's params ask for it (validate_live: 1).
  let fromTelemetry = false;
  try {
    const dashboard = await runSceneSql(ctx, 'monitor_quality_dashboard.sql');
    if (dashboard.rows.length > 0 && !Number(ctx.params.validate_live ?? 0)) {
      fromTelemetry = true;
      const when = str(dashboard.rows[0]!.checked_at).slice(0, 19);
      const runs = Math.max(...dashboard.rows.map((r) => num(r.runs)).filter(Number.isFinite), 0);
      blocks.push({
        kind: 'checks',
        title: `Validation: ${dashboard.rows.length} checks, last run ${when} (data-quality telemetry, ${runs} run(s) tracked)`,
        items: dashboard.rows.map((r) => ({ name: str(r.check_name), status: (['pass', 'warn', 'fail'].includes(str(r.status)) ? str(r.status) : 'warn') as 'pass' | 'warn' | 'fail', observed: str(r.observed), expected: str(r.expected) })),
      });
      const rates = dashboard.rows.filter((r) => num(r.pass_rate) < 1);
      blocks.push({ kind: 'text', lines: [rates.length === 0 ? `every check has passed in all ${runs} tracked run(s)` : `checks that failed in some runs: ${rates.map((r) => `${str(r.check_name)} (${Math.round(num(r.pass_rate) * 100)}% pass)`).join(', ')}`] });
    }
  } catch (err) {
    problems.push(`telemetry: ${(err as Error).message}`);
  }

  if (!fromTelemetry) {
    try {
      const validate = await import('../../validate/checks.js');
      const started = performance.now();
      const checks = await validate.runValidation(ctx.backend);
      ctx.recordSql({ label: `validation (sql/${ctx.config.pack.name}/eda/checks/*.sql)`, sql: `-- the post-generation checks: sql/${ctx.config.pack.name}/eda/checks/NN_*.sql, one SELECT each`, ms: Math.round(performance.now() - started), rows: checks.length });
      blocks.push({ kind: 'checks', title: `Validation: ${checks.length} checks, run now`, items: checks.map((c) => ({ name: c.name, status: c.status, observed: String(cell(c.observed)), expected: String(cell(c.expected)) })) });
    } catch (err) {
      problems.push(`validation: ${(err as Error).message}`);
    }
  }

  if (blocks.length === 0) throw new Error(problems.join('; '));
  if (problems.length > 0) blocks.push({ kind: 'text', title: 'Not available', lines: problems });
  return blocks;
};
