// PLACEHOLDER owned by the Snowflake-backend helper (issue 6): replace wholesale.
import type { Backend } from '../backend.js';
import type { CommonOptions } from '../../cli/options.js';
import { BackendUnavailableError } from '../../cli/errors.js';

/** True when a Snowflake connection is configured (connections.toml or SNOWFLAKE_* variables). */
export function isSnowflakeConfigured(_options: CommonOptions): boolean {
  return false;
}

export async function openSnowflakeBackend(_options: CommonOptions): Promise<Backend> {
  throw new BackendUnavailableError('the Snowflake backend is not available yet');
}
