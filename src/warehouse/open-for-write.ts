import fs from 'node:fs';
import type { RunConfig } from '../core/config.js';
import { UserError } from '../core/errors.js';
import { LocalDuckDbBackend, warehousePath } from '../backends/local/duckdb-backend.js';

/**
 * Opens the local warehouse for a command that writes (pipeline, generate, validate).
 * `--fresh` moves the existing file aside (never deletes it) so a damaged warehouse can be
 * rebuilt without losing what was there.
 */
export async function openWarehouseForWrite(config: RunConfig, options: { fresh: boolean; notice: (message: string) => void }): Promise<LocalDuckDbBackend> {
  if (config.backend === 'snowflake') {
    throw new UserError('this command builds the local warehouse; on Snowflake use `c360-demo tasks execute generate_customer_data`');
  }
  const file = warehousePath(config.dataDir);
  if (options.fresh && fs.existsSync(file)) {
    const aside = `${file}.${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
    fs.renameSync(file, aside);
    if (fs.existsSync(`${file}.wal`)) fs.renameSync(`${file}.wal`, `${aside}.wal`);
    options.notice(`moved the previous warehouse aside to ${aside}`);
  }
  return LocalDuckDbBackend.open({ dataDir: config.dataDir });
}
