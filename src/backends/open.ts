import type { Backend } from './backend.js';
import type { RunConfig } from '../core/config.js';
import type { LocalDuckDbBackend } from './local/duckdb-backend.js';
import { retryWhileLocked } from './lock-wait.js';
import type { EmulatedObjects } from '../warehouse/snowflake-dialect/objects.js';

export interface OpenBackendOptions {
  /** Open the local warehouse read-only, so a presenter's running TUI and a `sql` query can share it. */
  readOnly?: boolean;
  /** Also seal the local connection (no file access, configuration locked): for SQL a person typed. */
  sealed?: boolean;
  /** Where to say "falling back to local": the caller decides how a notice reaches the user. */
  notice: (message: string) => void;
  /**
   * How long to wait while another process writes the local warehouse (the presenter's trigger,
   * a pipeline) before giving up; by default a locked warehouse fails at once.
   */
  waitForLockMs?: number;
  /** The Snowflake objects the local emulation stands in for, for typed statements that name them. */
  emulatedObjects?: () => EmulatedObjects | Promise<EmulatedObjects>;
}

/**
 * Picks the warehouse: `local`, `snowflake`, or `auto` (Snowflake only when a connection is
 * configured and answers within 10 s, otherwise local with a visible notice).
 * snowflake-sdk is imported lazily so local start-up never pays for it.
 */
export async function openBackend(config: RunConfig, open: OpenBackendOptions): Promise<Backend> {
  if (config.backend === 'local') return openLocal(config, open);
  const snowflake = await import('./snowflake/index.js');
  if (config.backend === 'snowflake') return snowflake.openSnowflakeBackend(config);
  if (!snowflake.isSnowflakeConfigured(config)) return openLocal(config, open);
  try {
    return await snowflake.openSnowflakeBackend(config);
  } catch (err) {
    open.notice(`notice: Snowflake is not reachable (${(err as Error).message}); using the local warehouse instead`);
    return openLocal(config, open);
  }
}

/** DuckDB's native module is loaded only here, so commands that never touch it start fast. */
export async function openLocal(
  config: Pick<RunConfig, 'dataDir' | 'pack'>,
  open: Pick<OpenBackendOptions, 'readOnly' | 'sealed'> & Partial<Pick<OpenBackendOptions, 'notice' | 'waitForLockMs' | 'emulatedObjects'>> = {},
): Promise<LocalDuckDbBackend> {
  const { LocalDuckDbBackend } = await import('./local/duckdb-backend.js');
  const attempt = () =>
    LocalDuckDbBackend.open({
      dataDir: config.dataDir,
      pack: config.pack,
      readOnly: open.readOnly,
      sealed: open.sealed,
      ...(open.emulatedObjects ? { emulatedObjects: open.emulatedObjects } : {}),
    });
  if (!open.waitForLockMs) return attempt();
  // Say so when the wait starts, then every few seconds, not on every try.
  let lastNotice = -Infinity;
  return retryWhileLocked(attempt, {
    boundMs: open.waitForLockMs,
    onWait: (message) => {
      if (Date.now() - lastNotice < 5_000) return;
      lastNotice = Date.now();
      open.notice?.(`notice: ${message}`);
    },
  });
}

/**
 * For commands that write (dbt, churn): `--backend local` opens the local warehouse the way
 * `pipeline` does; any other choice goes through `openBackend`.
 */
export async function openBackendForWrite(config: RunConfig, open: Pick<OpenBackendOptions, 'notice'>): Promise<Backend> {
  if (config.backend !== 'local') return openBackend(config, open);
  const { openWarehouseForWrite } = await import('../warehouse/open-for-write.js');
  return openWarehouseForWrite(config, { fresh: false, notice: open.notice });
}
