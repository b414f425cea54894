import fs from 'node:fs';
import type { CommonOptions } from '../cli/options.js';
import { UserError } from '../cli/errors.js';
import { LocalDuckDbBackend, warehousePath } from '../backends/local/duckdb-backend.js';

/**
 * Opens the local warehouse for a command that writes (pipeline, generate, validate).
 * `--fresh` moves the existing file aside (never deletes it) so a damaged warehouse can be
 * rebuilt without losing what was there.
 */
export async function openWarehouseForWrite(options: CommonOptions): Promise<LocalDuckDbBackend> {
  if (options.backend === 'snowflake') {
    throw new UserError('this command builds the local warehouse; on Snowflake use `c360-demo tasks execute generate_customer_data`');
  }
  const file = warehousePath(options.dataDir);
  if (options.fresh && fs.existsSync(file)) {
    const aside = `${file}.${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
    fs.renameSync(file, aside);
    if (fs.existsSync(`${file}.wal`)) fs.renameSync(`${file}.wal`, `${aside}.wal`);
    process.stderr.write(`moved the previous warehouse aside to ${aside}\n`);
  }
  return LocalDuckDbBackend.open({ dataDir: options.dataDir });
}
