import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { warehousePath } from '../../src/backends/local/warehouse-file.js';
import { tempDir } from '../helpers/cli.js';
import { localWarehouse } from '../support/pack.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function storageVersion(backend: LocalDuckDbBackend): Promise<string> {
  const { rows } = await backend.query("SELECT tags['storage_version'] AS version FROM duckdb_databases() WHERE database_name = current_database()");
  return String(rows[0]!.version);
}

describe('the warehouse file format', () => {
  it("a new warehouse is written in DuckDB 1.5's storage format (its faster string encoding)", async () => {
    const dir = tempDir('c360-format-new-');
    dirs.push(dir);
    const backend = await LocalDuckDbBackend.open(localWarehouse(dir));
    try {
      await backend.execute("CREATE TABLE t AS SELECT 'x' || (range % 7) AS s FROM range(100000)");
      await backend.execute('CHECKPOINT');
      expect(await storageVersion(backend)).toBe('v1.5.0+');
      const { rows } = await backend.query("SELECT list(DISTINCT compression) AS methods FROM pragma_storage_info('t') WHERE segment_type = 'VARCHAR'");
      expect(rows[0]!.methods).toContain('DICT_FSST');
    } finally {
      await backend.close();
    }
  });

  it('a warehouse made in the older format opens, takes writes and keeps its format and data', async () => {
    const dir = tempDir('c360-format-old-');
    dirs.push(dir);
    const target = localWarehouse(dir);
    fs.mkdirSync(target.dataDir, { recursive: true });
    const older = await DuckDBInstance.create(warehousePath(target.dataDir));
    const connection = await older.connect();
    await connection.run('CREATE TABLE kept AS SELECT range AS id FROM range(10)');
    connection.closeSync();
    older.closeSync();

    const backend = await LocalDuckDbBackend.open(target);
    try {
      await backend.execute('CREATE TABLE added AS SELECT range AS id FROM range(5)');
      expect(await storageVersion(backend)).toBe('v1.0.0+');
      const { rows } = await backend.query('SELECT (SELECT count(*) FROM kept) AS kept, (SELECT count(*) FROM added) AS added');
      expect(rows[0]).toEqual({ kept: 10, added: 5 });
    } finally {
      await backend.close();
    }
  });
});
