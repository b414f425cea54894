import fs from 'node:fs';
import path from 'node:path';
import type { RunConfig } from '../core/config.js';
import { BackendUnavailableError, UserError } from '../core/errors.js';
import { LocalDuckDbBackend, ensureDataDir, warehousePath } from '../backends/local/duckdb-backend.js';

/**
 * Opens the local warehouse for a command that writes (pipeline, generate, validate, dbt, churn).
 * `--fresh` moves the existing file aside (never deletes it) so a damaged warehouse can be
 * rebuilt without losing what was there, but only once nobody else is using it.
 */
export async function openWarehouseForWrite(config: RunConfig, options: { fresh: boolean; notice: (message: string) => void }): Promise<LocalDuckDbBackend> {
  if (config.backend === 'snowflake') {
    throw new UserError(
      "this command builds the local warehouse; on Snowflake run the pack's task graph (`c360-demo tasks show`, then `tasks execute <root>`)",
    );
  }
  if (!options.fresh) return LocalDuckDbBackend.open({ dataDir: config.dataDir, pack: config.pack });
  ensureDataDir(config.dataDir);
  const release = acquireRebuildLock(config.dataDir);
  try {
    const file = warehousePath(config.dataDir);
    if (fs.existsSync(file)) {
      await assertNotInUse(config);
      options.notice(`moved the previous warehouse aside to ${moveAside(file)}`);
    }
    // The new warehouse holds DuckDB's lock from here on, so the rebuild lock can go.
    return await LocalDuckDbBackend.open({ dataDir: config.dataDir, pack: config.pack });
  } finally {
    release();
  }
}

/**
 * Opening the file for writing takes DuckDB's own lock: if that fails because another process
 * (the presenter, a second pipeline) has it, nothing is moved. A damaged file cannot be in use
 * by DuckDB either, and may be moved aside.
 */
async function assertNotInUse(config: Pick<RunConfig, 'dataDir' | 'pack'>): Promise<void> {
  try {
    const current = await LocalDuckDbBackend.open({ dataDir: config.dataDir, pack: config.pack });
    await current.close();
  } catch (err) {
    if (err instanceof BackendUnavailableError && /in use by another process/.test(err.message)) throw err;
  }
}

function moveAside(file: string): string {
  const aside = `${file}.${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
  fs.renameSync(file, aside);
  if (fs.existsSync(`${file}.wal`)) fs.renameSync(`${file}.wal`, `${aside}.wal`);
  return aside;
}

/**
 * A lock file for the few moments between moving a warehouse aside and opening its successor,
 * when no DuckDB lock protects the path: two `--fresh` runs cannot interleave there.
 */
function acquireRebuildLock(dataDir: string): () => void {
  const lock = path.join(dataDir, 'rebuild.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return () => fs.rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && processIsAlive(holder)) {
        throw new BackendUnavailableError(
          `the warehouse in ${dataDir} is being rebuilt by another c360-demo (PID ${holder})`,
          'wait for it to finish, then run the command again',
        );
      }
      // Left by a process that died: take it over.
      fs.rmSync(lock, { force: true });
    }
  }
  throw new BackendUnavailableError(`cannot take the rebuild lock ${lock}`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
