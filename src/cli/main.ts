import { Command, CommanderError } from 'commander';
import { closest, distance } from 'fastest-levenshtein';
import { ExitCode, UserError } from './errors.js';
import { reportError } from './run-action.js';
import { printError } from './output.js';
import { registerSecretsFromEnv } from '../util/secrets.js';
import { registerPresent } from './commands/present.js';
import { registerPipeline } from './commands/pipeline.js';
import { registerGenerate } from './commands/generate.js';
import { registerValidate } from './commands/validate.js';
import { registerDbt } from './commands/dbt.js';
import { registerChurn } from './commands/churn.js';
import { registerTasks } from './commands/tasks.js';
import { registerStream } from './commands/stream.js';
import { registerShare } from './commands/share.js';
import { registerSql } from './commands/sql.js';
import { registerConnection } from './commands/connection.js';
import { registerExport } from './commands/export.js';

/**
 * The command surface of PRODUCT.md. Each command lives in ./commands/<name>.ts and registers
 * itself; heavy modules (DuckDB, Ink, snowflake-sdk) are imported inside actions, so `--help`
 * and start-up stay fast.
 */
export function buildProgram(): Command {
  const program = new Command('c360-demo')
    .description('Customer 360 on Snowflake, presented scene by scene in the terminal (local DuckDB when no Snowflake is configured)')
    .version('0.1.0')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text) => printError(text.trimEnd()) });

  for (const register of [
    registerPresent,
    registerPipeline,
    registerGenerate,
    registerDbt,
    registerValidate,
    registerChurn,
    registerTasks,
    registerStream,
    registerShare,
    registerSql,
    registerConnection,
    registerExport,
  ]) {
    register(program);
  }
  // Subcommands inherit exit handling so a wrong flag anywhere exits 2, not commander's 1.
  for (const command of program.commands) command.exitOverride().configureOutput({ outputError: (text) => printError(text.trimEnd()) });
  return program;
}

/**
 * `present` is the default command and takes no arguments, so a mistyped command name would reach
 * it as a stray argument; name it as an unknown command instead, with the nearest real one.
 */
function unknownCommand(program: Command, argv: string[]): UserError | undefined {
  const first = argv[2];
  if (first === undefined || first.startsWith('-')) return undefined;
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]).concat('help');
  if (names.includes(first)) return undefined;
  const nearest = closest(first, names);
  const hint = distance(first, nearest) <= Math.max(2, Math.floor(first.length / 3)) ? `did you mean \`c360-demo ${nearest}\`?` : undefined;
  return new UserError(`unknown command '${first}'`, ExitCode.badInput, hint ?? 'see `c360-demo --help` for the commands');
}

export async function main(argv: string[] = process.argv): Promise<void> {
  registerSecretsFromEnv();
  const program = buildProgram();
  const unknown = unknownCommand(program, argv);
  if (unknown) {
    process.exitCode = reportError(unknown);
    return;
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      process.exitCode = err.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
      return;
    }
    if (err instanceof UserError) {
      process.exitCode = reportError(err);
      return;
    }
    throw err;
  }
}
