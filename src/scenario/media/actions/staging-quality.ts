import { SceneUnavailableError, type ActionContext, type Block, type SceneAction } from '../../../scenes/types.js';
import { num, runSceneSql, str } from '../../../scenes/sql-run.js';
import { REBUILD_STAGING } from '../checks.js';
import { count } from './shared.js';

/**
 * The reconciliation the staging tasks record run by run. A warehouse built before they recorded
 * it has no V_STAGING_RECONCILIATION: one line saying how to rebuild, not a SQL error.
 */
async function reconciliation(ctx: ActionContext): ReturnType<typeof runSceneSql> {
  try {
    return await runSceneSql(ctx, 'quality_breakdown.sql');
  } catch (err) {
    if (err instanceof SceneUnavailableError && /RECONCILIATION/i.test(err.message)) {
      throw new SceneUnavailableError(`this warehouse's staging layer was built before its runs were reconciled: rebuild it with \`${REBUILD_STAGING}\``);
    }
    throw err;
  }
}

const STATUSES = new Set(['pass', 'warn', 'fail']);

/**
 * Staging quality with counts: where every raw row went (staged, flagged invalid, duplicate
 * removed, bot filtered, lost), the invalid reasons, the bot traffic by user agent, and the
 * staging checks as the last validation recorded them.
 */
export const stagingQuality: SceneAction = async (ctx) => {
  const breakdown = await reconciliation(ctx);
  const invalid = await runSceneSql(ctx, 'quality_invalid.sql');
  const bots = await runSceneSql(ctx, 'quality_bots.sql');
  const checks = await runSceneSql(ctx, 'quality_checks.sql');
  const total = (column: string) => breakdown.rows.reduce((s, r) => s + (Number.isFinite(num(r[column])) ? num(r[column]) : 0), 0);

  const blocks: Block[] = [
    {
      kind: 'kpis',
      title: 'Staging quality',
      items: [
        { label: 'duplicates removed', value: count(total('duplicates_removed')) },
        { label: 'bot views filtered', value: count(total('bots_filtered')) },
        { label: 'invalid flagged', value: count(total('flagged_invalid')) },
        { label: 'orphans processed', value: count(total('orphans')) },
        { label: 'lost', value: count(total('lost')) },
      ],
    },
    {
      kind: 'table',
      title: 'Where every raw row went: staged valid, flagged invalid, duplicate removed, bot filtered, lost',
      columns: ['source', 'raw rows', 'staged', 'flagged', 'duplicates', 'bots', 'lost'],
      rows: breakdown.rows.map((r) => ({
        source: str(r.source),
        'raw rows': count(r.raw_rows),
        staged: count(r.staged_valid),
        flagged: count(r.flagged_invalid),
        duplicates: count(r.duplicates_removed),
        bots: count(r.bots_filtered),
        lost: count(r.lost),
      })),
    },
    {
      kind: 'table',
      title: 'Invalid records: staged with is_valid = FALSE, never propagated',
      columns: ['source', 'reason', 'records'],
      rows: invalid.rows.map((r) => ({ source: str(r.source), reason: str(r.invalid_reason), records: count(r.records) })),
    },
    {
      kind: 'bars',
      title: 'Bot traffic in raw by user agent (staged: none)',
      format: 'int',
      items: bots.rows.map((r) => ({
        label: `${str(r.user_agent).slice(0, 28)}${num(r.staged) > 0 ? ` (${count(r.staged)} staged!)` : ''}`,
        value: num(r.raw_views),
      })),
    },
  ];
  const unrecorded = total('unrecorded_staging_rows');
  if (unrecorded > 0) {
    blocks.splice(2, 0, {
      kind: 'text',
      title: 'Staging rows no run recorded',
      lines: [`${count(unrecorded)} staging rows were staged before the tasks recorded their runs: rebuild with \`${REBUILD_STAGING}\``],
    });
  }
  if (checks.rows.length > 0) {
    blocks.push({
      kind: 'checks',
      title: `Staging checks, last validation ${str(checks.rows[0]!.checked_at).replace('T', ' ').slice(0, 19)}`,
      items: checks.rows.map((r) => ({
        name: str(r.check_name),
        status: (STATUSES.has(str(r.status)) ? str(r.status) : 'warn') as 'pass' | 'warn' | 'fail',
        observed: str(r.observed),
        expected: str(r.expected),
      })),
    });
  } else blocks.push({ kind: 'text', title: 'Staging checks', lines: ['no validation has run on this warehouse yet: c360-demo validate --pack media'] });
  return blocks;
};
