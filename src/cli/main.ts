import { Command, CommanderError } from 'commander';
import { closest, distance } from 'fastest-levenshtein';
import { ExitCode, UserError } from '../core/errors.js';
import { reportError } from './run-action.js';
import { commanderOutput } from './output.js';
import { processIo, setExitCode, withIo, type CliIo } from './io.js';
import { registerSecretsFromEnv } from '../util/secrets.js';
import { inNewRunScope } from '../util/run-scope.js';
import { registerPresent } from './commands/present.js';
import { registerPipeline } from './commands/pipeline.js';
import { registerGenerate } from './commands/generate.js';
import { registerValidate } from './commands/validate.js';
import { registerDbt } from './commands/dbt.js';
import { registerChurn } from './commands/churn.js';
import { registerTasks } from './commands/tasks.js';
import { registerStream } from './commands/stream.js';
import { registerFeed } from './commands/feed.js';
import { registerShare } from './commands/share.js';
import { registerSql } from './commands/sql.js';
import { registerConnection } from './commands/connection.js';
import { registerExport } from './commands/export.js';
import { registerDeploy } from './commands/deploy.js';
import { registerNotes } from './commands/notes.js';

/**
 * The command surface. Each command lives in ./commands/<name>.ts and registers itself; heavy
 * modules (DuckDB, Ink, snowflake-sdk) are imported inside actions, so `--help` and start-up stay fast.
 */
export function buildProgram(): Command {
  const program = new Command('c360-demo')
    .description('Customer 360 on Snowflake, presented scene by scene in the terminal (local DuckDB when no Snowflake is configured)')
    .version('0.1.0')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(commanderOutput);

  for (const register of [
    registerPresent,
    registerPipeline,
    registerGenerate,
    registerDbt,
    registerValidate,
    registerChurn,
    registerTasks,
    registerStream,
    registerFeed,
    registerShare,
    registerSql,
    registerConnection,
    registerExport,
    registerDeploy,
    registerNotes,
  ]) {
    register(program);
  }
  // Subcommands inherit exit handling so a wrong flag anywhere exits 2, not commander's 1.
  for (const command of program.commands) command.exitOverride().configureOutput(commanderOutput);
  return program;
}

/**
 * `present` is the default command and takes no arguments, so a mistyped command name would reach
 * it as a stray argument; name it as an unknown command instead, with the nearest real one.
 */
function unknownCommand(program: Command, args: string[]): UserError | undefined {
  const first = args[0];
  if (first === undefined || first.startsWith('-')) return undefined;
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]).concat('help');
  if (names.includes(first)) return undefined;
  const nearest = closest(first, names);
  const hint = distance(first, nearest) <= Math.max(2, Math.floor(first.length / 3)) ? `did you mean \`c360-demo ${nearest}\`?` : undefined;
  return new UserError(`unknown command '${first}'`, ExitCode.badInput, hint ?? 'see `c360-demo --help` for the commands');
}

/**
 * Runs one command line (`args` without node and the script) with its output on `io`, and resolves
 * to the exit code. Everything a run keeps (output, exit code, secrets to mask) is its own, so
 * runs can share a process: bin/ calls this once; the tests call it many times.
 */
export function run(args: string[], io: CliIo = processIo()): Promise<number> {
  return inNewRunScope(() =>
    withIo(io, async () => {
      registerSecretsFromEnv();
      const program = buildProgram();
      const unknown = unknownCommand(program, args);
      if (unknown) {
        setExitCode(reportError(unknown, args.includes('--debug')));
        return;
      }
      try {
        await program.parseAsync(args, { from: 'user' });
      } catch (err) {
        // --help and --version end here too, with exit code 0.
        if (err instanceof CommanderError) setExitCode(err.exitCode === 0 ? ExitCode.ok : ExitCode.badInput);
        else if (err instanceof UserError) setExitCode(reportError(err, args.includes('--debug')));
        else throw err;
      }
    }),
  );
}
