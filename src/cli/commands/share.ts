import type { Command } from 'commander';
import { commandOptions, withWarehouseOptions } from '../options.js';
import { printJson, printLine } from '../output.js';
import { formatTable } from '../../text/format-table.js';
import { runAction } from '../run-action.js';
import { shortTime, subcommand, withBackend } from '../warehouse-command.js';

export function registerShare(program: Command): void {
  const share = program.command('share').description('The secure share customer_360_insights: show, query SQL');

  withWarehouseOptions(subcommand(share, 'show').description('SHOW SHARES and DESC SHARE: the share, its consumer accounts and granted objects')).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const { describeShare, showShares } = await import('../../orchestration/index.js');
      const result = await withBackend(options.config, async (backend) => {
        const shares = await showShares(backend);
        return { shares, description: shares.length > 0 ? await describeShare(backend) : null };
      });
      if (options.json) {
        printJson(result);
        return;
      }
      if (result.shares.length === 0) {
        printLine('no share yet: the refresh_analytics_views task (or `c360-demo pipeline`) creates customer_360_insights');
        return;
      }
      printLine('SHOW SHARES');
      printLine(
        formatTable(
          ['created_on', 'kind', 'name', 'database_name', 'to', 'owner', 'comment'],
          result.shares.map((s) => ({ ...s, created_on: shortTime(s.created_on) })),
        ),
      );
      printLine('');
      printLine(`DESC SHARE ${result.description!.share.name}`);
      printLine(
        formatTable(
          ['kind', 'name', 'shared_on'],
          result.description!.objects.map((o) => ({ ...o, shared_on: shortTime(o.shared_on) })),
        ),
      );
      printLine('');
      printLine(`SHOW GRANTS TO SHARE ${result.description!.share.name}`);
      printLine(
        formatTable(
          ['created_on', 'privilege', 'granted_on', 'name', 'granted_to', 'grantee_name', 'grant_option', 'granted_by'],
          result.description!.grants.map((g) => ({ ...g, created_on: shortTime(g.created_on) })),
        ),
      );
    }),
  );

  withWarehouseOptions(
    subcommand(share, 'refresh').description("Recreate the secure views and the consumer's copy of the share (the pipeline's last stage)"),
  ).action(
    runAction(async (raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const { shareRefreshStageRun } = await import('../../orchestration/share-stage.js');
      const outcome = await withBackend(options.config, (backend) =>
        shareRefreshStageRun({ backend, config: options.config, signal: new AbortController().signal, onProgress: () => undefined }),
      );
      if (options.json) printJson(outcome.data);
      else printLine(outcome.detail ?? 'share refreshed');
    }),
  );

  withWarehouseOptions(
    subcommand(share, 'query').description('Run a SELECT as the consumer account: only the granted secure views exist').argument('<sql>', 'a SELECT statement'),
  ).action(
    runAction(async (sql: string, raw: Record<string, unknown>) => {
      const options = commandOptions(raw);
      const { shareQuery } = await import('../../orchestration/index.js');
      const result = await withBackend(options.config, (backend) => shareQuery(backend, sql));
      if (options.json) {
        printJson(result.rows);
        return;
      }
      printLine(formatTable(result.columns, result.rows));
      const from = result.views.length > 0 ? `, from ${result.views.join(', ')}` : '';
      printLine(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'} as the consumer of the share${from})`);
    }),
  );
}
