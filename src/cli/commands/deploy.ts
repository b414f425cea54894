import { Option, type Command } from 'commander';
import { ExitCode, UserError } from '../../core/errors.js';
import { formatTable } from '../../text/format-table.js';
import { currentIo } from '../io.js';
import { withInterrupt } from '../interrupt.js';
import { printError, printJson, printLine } from '../output.js';
import { runAction } from '../run-action.js';
import type { Backend } from '../../backends/backend.js';
import { loadPack } from '../../core/pack.js';
import { packOption } from '../options.js';
import type { DeployEvent, DeployFailure } from '../../deploy/deploy.js';

interface DeployFlags {
  pack: string;
  connection?: string;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
  debug?: boolean;
}

function withDeployOptions(command: Command, dryRun: boolean): Command {
  command.addOption(packOption()).addOption(new Option('--connection <name>', 'Snowflake connection name from connections.toml'));
  if (dryRun) command.option('--dry-run', 'print the statements it would run, in order, without connecting', false);
  return command
    .option('--yes', 'do not ask for confirmation', false)
    .option('--json', 'machine-readable output on stdout (one JSON document)', false)
    .option('--debug', 'show stack traces and internal detail (secrets stay masked)', false);
}

async function connect(flags: DeployFlags): Promise<Backend> {
  const { openSnowflakeBackend } = await import('../../backends/snowflake/index.js');
  return openSnowflakeBackend({ pack: loadPack(flags.pack), ...(flags.connection ? { connection: flags.connection } : {}) });
}

/** Asks a yes/no question on the terminal; only called when stdin is one. */
async function confirm(question: string): Promise<boolean> {
  const readline = await import('node:readline/promises');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** Progress on stderr: one line when a step starts, one when it ends, the statement in flight for long steps. */
function progressPrinter(enabled: boolean): (event: DeployEvent) => void {
  const { stderr } = currentIo();
  return (event) => {
    if (!enabled) return;
    if (event.type === 'step-start') stderr.write(`[${event.index + 1}/${event.total}] ${event.step.name}: ${event.step.title}\n`);
    else if (event.type === 'step-end') {
      const r = event.report;
      const mark = r.result === 'failed' ? '✗' : r.result === 'skipped' ? '-' : '✓';
      stderr.write(
        `  ${mark} ${r.step}  ${r.statements} statement${r.statements === 1 ? '' : 's'}  ${r.seconds.toFixed(1)} s  ${r.result}${r.detail ? ` (${r.detail})` : ''}\n`,
      );
    }
  };
}

function printFailure(what: string, failure: DeployFailure): void {
  const firstLine = failure.sql.split('\n')[0]!;
  printError(
    `c360-demo: ${what} ${failure.interrupted ? 'interrupted' : 'failed'} at step "${failure.step}", statement ${failure.statement} (${failure.source}):`,
  );
  printError(`  ${firstLine.length > 120 ? `${firstLine.slice(0, 117)}...` : firstLine}`);
  printError(`  Snowflake: ${failure.message}`);
  printError(`  hint: ${failure.hint}`);
}

export function registerDeploy(program: Command): void {
  withDeployOptions(
    program
      .command('deploy')
      .description('Set up a Snowflake account from sql/: warehouse, roles, database, procedure, scripts, dbt project, tasks, share, Streamlit app'),
    true,
  ).action(
    runAction(async (flags: DeployFlags) => {
      const { renderPlan } = await import('../../deploy/plan.js');
      const { describePlan, deployExitCode, runDeploy } = await import('../../deploy/deploy.js');
      const plan = await renderPlan(loadPack(flags.pack));
      if (flags.dryRun) {
        if (flags.json)
          printJson({
            dryRun: true,
            steps: plan.map((s) => ({ name: s.name, title: s.title, role: s.role, skipReason: s.skipReason ?? null, statements: s.statements })),
          });
        else printLine(describePlan(plan));
        return ExitCode.ok;
      }
      const backend = await connect(flags);
      try {
        if (!flags.yes && currentIo().stdinIsTTY && !(await confirm(`deploy Customer 360 to ${backend.description}?`))) {
          printError('deploy cancelled: nothing was changed');
          return ExitCode.ok;
        }
        const report = await withInterrupt((signal) => runDeploy(backend, plan, { signal, onEvent: progressPrinter(!flags.json) }));
        if (flags.json) printJson({ backend: backend.description, ...report });
        else {
          printLine(
            formatTable(
              ['step', 'result', 'statements', 'seconds', 'detail'],
              report.steps.map((r) => ({ step: r.step, result: r.result, statements: r.statements, seconds: r.seconds.toFixed(1), detail: r.detail ?? '' })),
              { maxWidth: 100 },
            ),
          );
          const changed = report.steps.filter((r) => r.result === 'applied').length;
          if (report.ok)
            printLine(
              changed === 0 ? 'deploy: everything was already deployed, nothing changed' : `deploy: ${changed} step${changed === 1 ? '' : 's'} applied`,
            );
        }
        if (report.failure) printFailure('deploy', report.failure);
        return deployExitCode(report);
      } finally {
        await backend.close();
      }
    }),
  );

  withDeployOptions(
    program.command('teardown').description('Drop what `deploy` created on the Snowflake account (the share first), nothing else'),
    false,
  ).action(
    runAction(async (flags: DeployFlags) => {
      const io = currentIo();
      if (!flags.yes && !io.stdinIsTTY) {
        throw new UserError('teardown drops the deployed objects and their data: pass --yes to confirm', ExitCode.badInput);
      }
      const { renderPlan } = await import('../../deploy/plan.js');
      const { planTeardown, runTeardown } = await import('../../deploy/deploy.js');
      const backend = await connect(flags);
      try {
        const teardown = await planTeardown(backend, await renderPlan(backend.pack));
        if (teardown.statements.length === 0) {
          if (flags.json) printJson({ backend: backend.description, ok: true, dropped: [], statements: 0, failure: null });
          else printLine('teardown: nothing to do (no deploy recorded in CUSTOMER_ANALYTICS.PUBLIC.C360_DEPLOY_STATE)');
          return ExitCode.ok;
        }
        if (!flags.yes) {
          printError(`teardown would drop, on ${backend.description}:\n${teardown.drops.map((d) => `  ${d}`).join('\n')}`);
          if (!(await confirm('drop these objects and their data?'))) {
            printError('teardown cancelled: nothing was dropped');
            return ExitCode.ok;
          }
        }
        const report = await withInterrupt((signal) => runTeardown(backend, teardown, { signal }));
        if (flags.json) printJson({ backend: backend.description, ...report });
        else if (report.ok) {
          printLine(`teardown: dropped ${report.dropped.length} object${report.dropped.length === 1 ? '' : 's'} in ${report.seconds.toFixed(1)} s`);
          for (const d of report.dropped) printLine(`  ${d}`);
        }
        if (report.failure) {
          printFailure('teardown', report.failure);
          return report.failure.interrupted ? ExitCode.interrupted : ExitCode.checkFailed;
        }
        return ExitCode.ok;
      } finally {
        await backend.close();
      }
    }),
  );
}
