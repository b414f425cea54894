/**
 * The Snowflake backend's entry points, imported lazily by src/backends/open.ts.
 * Config resolution is cheap (no driver); snowflake-sdk loads only when connecting.
 */
import type { Backend, Pack } from '../backend.js';
import type { RunConfig } from '../../core/config.js';
import { BackendUnavailableError } from '../../core/errors.js';
import { resolveConnection, type SnowflakeConnectionConfig } from './config.js';

export { resolveConnection, describeConnection, snowflakeHome, type SnowflakeConnectionConfig } from './config.js';
export { SnowflakeBackend, SnowflakeQueryError, explainConnectError } from './backend.js';

/**
 * True when a Snowflake connection is configured: `--connection`, SNOWFLAKE_ACCOUNT, a default
 * connection name, or a `[default]` section in connections.toml. A malformed or world-readable
 * connections.toml, or a named connection that does not exist, throws UserError (exit 2).
 */
export function isSnowflakeConfigured(options: Pick<RunConfig, 'connection'>, env: NodeJS.ProcessEnv = process.env): boolean {
  return resolveConnection(options, env) !== undefined;
}

/** Connects within the connect timeout (10 s by default) or throws BackendUnavailableError saying why. */
export async function openSnowflakeBackend(options: Pick<RunConfig, 'connection' | 'pack'>, env: NodeJS.ProcessEnv = process.env): Promise<Backend> {
  const config = resolveConnection(options, env);
  if (!config) {
    throw new BackendUnavailableError(
      'no Snowflake connection is configured',
      'add one to ~/.snowflake/connections.toml (see docs/snowflake.md), set SNOWFLAKE_ACCOUNT/USER/PASSWORD, or use --backend local',
    );
  }
  return connectSnowflake(config, options.pack);
}

export async function connectSnowflake(config: SnowflakeConnectionConfig, pack: Pack): Promise<Backend> {
  const { SnowflakeBackend } = await import('./backend.js');
  return SnowflakeBackend.connect(config, pack);
}
