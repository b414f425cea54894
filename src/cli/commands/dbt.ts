import { Option, type Command } from 'commander';
import { ExitCode, UserError } from '../../core/errors.js';
import { commandOptions, withWarehouseOptions } from '../options.js';
import { printError, printJson, printLine } from '../output.js';
import { formatTable } from '../../text/format-table.js';
import { runAction } from '../run-action.js';
import { currentIo } from '../io.js';

const COMMANDS = ['build', 'run', 'test'] as const;
type DbtCommandName = (typeof COMMANDS)[number];

// yaml loads only when --vars is given: every command's start-up (the presenter's first frame) skips it.
async function parseVars(text: string): Promise<Record<string, unknown>> {
  const YAML = (await import('yaml')).default;
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch {
    throw new UserError(`--vars must be YAML or JSON, like '{dim_date_days: 580}', got "${text}"`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`--vars must be a mapping, like '{dim_date_days: 580}'`);
  return value as Record<string, unknown>;
}

export function registerDbt(program: Command): void {
  withWarehouseOptions(
    program
      .command('dbt')
      .description('Run the dbt project in dbt/ (build = run + test) on the current backend')
      .argument('<command>', `one of ${COMMANDS.join(', ')}`)
      .addOption(new Option('-s, --select <selector...>', 'models to run: name, +name (and upstream), name+ (and downstream), path:models/marts, tag:x'))
      .option('--full-refresh', 'rebuild incremental models from scratch', false)
      .option('--vars <yaml>', "override project vars, e.g. '{rolling_window_days: 60}'"),
  ).action(
    runAction(async (command: string, raw: Record<string, unknown>) => {
      if (!(COMMANDS as readonly string[]).includes(command)) {
        throw new UserError(`unknown dbt command "${command}"`, ExitCode.badInput, `use one of: ${COMMANDS.join(', ')}`);
      }
      const options = commandOptions(raw);
      const select = (raw.select as string[] | undefined) ?? [];
      const vars = typeof raw.vars === 'string' ? await parseVars(raw.vars) : undefined;
      const { runDbt } = await import('../../dbt/index.js');
      const { withInterrupt } = await import('../interrupt.js');
      const { progressPrinter } = await import('../../pipeline/progress.js');
      const backend = await (await import('../../backends/open.js')).openBackendForWrite(options.config, { notice: printError });
      const progress = progressPrinter(currentIo().stderr, !options.json && currentIo().stderr.isTTY === true);
      try {
        const result = await withInterrupt((signal) =>
          runDbt(backend, {
            command: command as DbtCommandName,
            select,
            dataDir: options.config.dataDir,
            fullRefresh: raw.fullRefresh === true,
            ...(vars ? { vars } : {}),
            onProgress: progress,
            signal,
          }),
        );
        progress.done();
        if (options.json) {
          printJson({ ...result, backend: backend.description, results: result.results.map(({ compiledCode: _omit, ...rest }) => rest) });
        } else {
          printLine(
            formatTable(
              ['node', 'type', 'status', 'seconds', 'rows', 'detail'],
              result.results.map((r) => ({
                node: r.name,
                type: r.resourceType,
                status: r.status,
                seconds: r.executionTime.toFixed(2),
                rows: r.resourceType === 'test' ? r.failures : (r.rowsAffected ?? null),
                detail: r.message,
              })),
              { maxWidth: 80 },
            ),
          );
          const s = result.summary;
          printLine();
          printLine(
            `dbt ${command} ${result.ok ? 'finished' : 'FAILED'} in ${result.elapsedSeconds.toFixed(1)}s on ${backend.description}: ` +
              `${s.modelsOk}/${s.models} models ok, ${s.testsPassed} tests passed, ${s.testsFailed} failed, ${s.testsWarned} warned, ${s.testsErrored + s.modelsErrored} errors, ${s.skipped} skipped`,
          );
          printLine(`artifacts: ${result.targetDir}/run_results.json, lineage.json`);
          // The table cuts long details; what failed is printed whole.
          for (const r of result.results) if (r.status === 'error' || r.status === 'fail') printError(`${r.status}: ${r.name}: ${r.message}`);
        }
        return result.ok ? ExitCode.ok : ExitCode.checkFailed;
      } finally {
        progress.done();
        await backend.close();
      }
    }),
  );
}
