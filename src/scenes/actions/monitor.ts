import type { TaskHistoryRow } from '../../orchestration/types.js';
import type { Block, SceneAction } from '../types.js';
import { modules } from '../modules.js';
import { cell, runSceneSql } from '../sql-run.js';
import { historyBlocks } from './history.js';

/** Scene 4: TASK_HISTORY, the 12 validation checks and the data-quality telemetry view. */
export const monitor: SceneAction = async (ctx) => {
  const blocks: Block[] = [];
  const problems: string[] = [];

  try {
    const orchestration = await modules.orchestration('taskHistory');
    const started = performance.now();
    const rows = (await orchestration.taskHistory(ctx.backend, { limit: 10 })) as TaskHistoryRow[];
    ctx.recordSql({ label: 'TASK_HISTORY', sql: ctx.sqlFiles['monitor_task_history.sql'] ?? 'TASK_HISTORY()', ms: Math.round(performance.now() - started), rows: rows.length });
    blocks.push(...historyBlocks(rows.slice(0, 10)));
  } catch (err) {
    problems.push(`task history: ${(err as Error).message}`);
  }

  try {
    const validate = await modules.validate();
    const started = performance.now();
    const checks = await validate.runValidation(ctx.backend);
    ctx.recordSql({ label: 'validation (sql/eda/checks/*.sql)', sql: '-- the 12 post-generation checks: sql/eda/checks/01..12_*.sql, one SELECT each', ms: Math.round(performance.now() - started), rows: checks.length });
    blocks.push({ kind: 'checks', title: `Validation: ${checks.length} checks`, items: checks.map((c) => ({ name: c.name, status: c.status, observed: String(cell(c.observed)), expected: String(cell(c.expected)) })) });
  } catch (err) {
    problems.push(`validation: ${(err as Error).message}`);
  }

  try {
    const dashboard = await runSceneSql(ctx, 'monitor_quality_dashboard.sql');
    blocks.push({ kind: 'table', title: 'TELEMETRY.V_DATA_QUALITY_DASHBOARD', ...dashboard });
  } catch (err) {
    problems.push(`telemetry: ${(err as Error).message}`);
  }

  if (blocks.length === 0) throw new Error(problems.join('; '));
  if (problems.length > 0) blocks.push({ kind: 'text', title: 'Not available', lines: problems });
  return blocks;
};
