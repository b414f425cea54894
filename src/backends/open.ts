import type { Backend } from './backend.js';
import type { CommonOptions } from '../cli/options.js';
import type { LocalDuckDbBackend } from './local/duckdb-backend.js';
import { printError } from '../cli/output.js';

export interface OpenBackendOptions {
  /** Open the local warehouse read-only, so a presenter's running TUI and a `sql` query can share it. */
  readOnly?: boolean;
  /** Also seal the local connection (no file access, configuration locked): for SQL a person typed. */
  sealed?: boolean;
  /** Where to say "falling back to local" (defaults to stderr). */
  notice?: (message: string) => void;
}

/**
 * Picks the warehouse: `local`, `snowflake`, or `auto` (Snowflake only when a connection is
 * configured and answers within 10 s, otherwise local with a visible notice).
 * snowflake-sdk is imported lazily so local start-up never pays for it.
 */
export async function openBackend(options: CommonOptions, open: OpenBackendOptions = {}): Promise<Backend> {
  const notice = open.notice ?? ((m: string) => printError(m));
  if (options.backend === 'local') return openLocal(options, open);
  const snowflake = await import('./snowflake/index.js');
  if (options.backend === 'snowflake') return snowflake.openSnowflakeBackend(options);
  if (!snowflake.isSnowflakeConfigured(options)) return openLocal(options, open);
  try {
    return await snowflake.openSnowflakeBackend(options);
  } catch (err) {
    notice(`notice: Snowflake is not reachable (${(err as Error).message}); using the local warehouse instead`);
    return openLocal(options, open);
  }
}

/** DuckDB's native module is loaded only here, so commands that never touch it start fast. */
export async function openLocal(options: CommonOptions, open: OpenBackendOptions = {}): Promise<LocalDuckDbBackend> {
  const { LocalDuckDbBackend } = await import('./local/duckdb-backend.js');
  return LocalDuckDbBackend.open({ dataDir: options.dataDir, readOnly: open.readOnly, sealed: open.sealed });
}

/**
 * For commands that write (dbt, churn): `--backend local` opens the local warehouse the way
 * `pipeline` does (honouring --fresh); any other choice goes through `openBackend`.
 */
export async function openBackendForWrite(options: CommonOptions): Promise<Backend> {
  if (options.backend !== 'local') return openBackend(options);
  const { openWarehouseForWrite } = await import('../warehouse/open-for-write.js');
  return openWarehouseForWrite(options);
}
