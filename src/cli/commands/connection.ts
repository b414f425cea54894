import { InvalidArgumentError, Option, type Command } from 'commander';
import { ExitCode, UserError } from '../../core/errors.js';
import { printError, printJson, printLine } from '../output.js';
import { runAction } from '../run-action.js';
import { loadPack } from '../../core/pack.js';
import { DEFAULT_PACK } from '../options.js';

interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

/**
 * `c360-demo connection test`: resolves the connection (connections.toml / SNOWFLAKE_*), logs in,
 * and checks that role, warehouse and database are really in use. Exit 0 all good, 2 bad config,
 * 3 Snowflake unusable. Never prints a password or key.
 */
export function registerConnection(program: Command): void {
  const connection = program.command('connection').description('Check the Snowflake connection (connections.toml or SNOWFLAKE_* variables)');
  connection
    .command('list')
    .description('List the connections in connections.toml / config.toml and which one is the default (no secrets)')
    .option('--json', 'machine-readable output on stdout (one JSON document)', false)
    .action(
      runAction(async (raw: { json?: boolean }) => {
        const { listConnections } = await import('../../backends/snowflake/config.js');
        const listing = listConnections();
        if (raw.json) {
          printJson(listing);
          return ExitCode.ok;
        }
        if (listing.connections.length === 0) printLine(`no connections in ${listing.home} (connections.toml, config.toml)`);
        for (const c of listing.connections) {
          printLine(
            `${c.isDefault ? '*' : ' '} ${c.name.padEnd(16)} account=${c.account ?? '?'} user=${c.user ?? '?'} authenticator=${c.authenticator}  (${c.file})`,
          );
        }
        if (listing.viaEnvironment) printLine('  SNOWFLAKE_ACCOUNT is set: without --connection, the SNOWFLAKE_* variables are used');
        else printLine(`default connection name: ${listing.defaultName}`);
        return ExitCode.ok;
      }),
    );
  connection
    .command('test')
    .description('Log in to Snowflake and check role, warehouse and database; says precisely what is wrong')
    .option(
      '--connection <name>',
      'connection name from connections.toml (default: SNOWFLAKE_DEFAULT_CONNECTION_NAME, config.toml default_connection_name, or "default")',
    )
    .addOption(new Option('--timeout <seconds>', 'give up connecting after this many seconds (default: login_timeout, or 10)').argParser(parseSeconds))
    .option('--json', 'machine-readable output on stdout (one JSON document)', false)
    .option('--debug', 'show the driver log and stack traces (secrets stay masked)', false)
    .action(
      runAction(async (raw: { connection?: string; timeout?: number; json?: boolean; debug?: boolean }) => {
        const { resolveConnection, describeConnection } = await import('../../backends/snowflake/config.js');
        const config = resolveConnection({ connection: raw.connection });
        if (!config) {
          throw new UserError(
            'no Snowflake connection is configured',
            ExitCode.badInput,
            'add one to ~/.snowflake/connections.toml (see docs/snowflake.md) or set SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER and SNOWFLAKE_PASSWORD',
          );
        }
        if (raw.timeout !== undefined) config.connectTimeoutMs = raw.timeout * 1000;
        const masked = describeConnection(config);
        const checks: Check[] = [];
        const started = performance.now();
        if (!raw.json) {
          printLine(`connection  ${config.source}`);
          for (const key of ['account', 'user', 'authenticator', 'role', 'warehouse', 'database', 'schema', 'host'] as const) {
            printLine(`  ${key.padEnd(13)} ${masked[key] ?? '(not set)'}`);
          }
        }
        const report = (check: Check) => {
          checks.push(check);
          if (!raw.json) printLine(`${check.ok ? '✓' : '✗'} ${check.check.padEnd(10)} ${check.detail}`);
        };
        const { SnowflakeBackend } = await import('../../backends/snowflake/backend.js');
        let backend: Awaited<ReturnType<typeof SnowflakeBackend.connect>> | undefined;
        try {
          backend = await SnowflakeBackend.connect(config, loadPack(DEFAULT_PACK));
          report({ check: 'login', ok: true, detail: `logged in as ${config.user} (${Math.round(performance.now() - started)} ms)` });
          const result = await backend.query('SELECT CURRENT_ROLE(), CURRENT_WAREHOUSE(), CURRENT_DATABASE()');
          const row = result.rows[0] ?? {};
          const current = (name: string) => {
            const value = row[`CURRENT_${name.toUpperCase()}()`];
            return typeof value === 'string' && value !== '' ? value : null;
          };
          for (const kind of ['role', 'warehouse', 'database'] as const) {
            const wanted = config[kind];
            const actual = current(kind);
            if (actual && (!wanted || sameIdentifier(wanted, actual))) {
              report({ check: kind, ok: true, detail: `${actual} in use` });
            } else if (wanted && actual) {
              report({ check: kind, ok: false, detail: `${wanted} was requested but ${actual} is in use` });
            } else if (wanted) {
              report({ check: kind, ok: false, detail: `${kind} "${wanted}" does not exist or is not granted to role ${current('role') ?? '(none)'}` });
            } else {
              report({ check: kind, ok: false, detail: `no ${kind} in use: set ${kind} in the connection (the demo needs one)` });
            }
          }
        } catch (err) {
          if (err instanceof UserError && err.exitCode === ExitCode.backendUnavailable) {
            report({ check: checks.length === 0 ? 'login' : 'query', ok: false, detail: err.message });
            if (err.hint && !raw.json) printError(`  hint: ${err.hint}`);
          } else {
            throw err;
          }
        } finally {
          await backend?.close();
        }
        const allOk = checks.length > 0 && checks.every((c) => c.ok);
        if (raw.debug) {
          const { driverLogLines } = await import('../../backends/snowflake/driver.js');
          for (const line of driverLogLines()) printError(`driver: ${line}`);
        }
        if (raw.json) {
          printJson({ ok: allOk, connection: masked, checks, elapsedMs: Math.round(performance.now() - started) });
        } else {
          printLine(allOk ? 'Snowflake connection OK' : 'Snowflake connection NOT usable');
        }
        return allOk ? ExitCode.ok : ExitCode.backendUnavailable;
      }),
    );
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n <= 0) throw new InvalidArgumentError(`must be a positive number of seconds, got "${value}"`);
  return n;
}

/** Unquoted Snowflake identifiers are case-insensitive (stored upper-case). */
function sameIdentifier(a: string, b: string): boolean {
  const norm = (s: string) => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s.toUpperCase());
  return norm(a) === norm(b);
}
