import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { rowsToColumns } from '../../local-ml/features.js';
import { tempDir } from '../helpers/cli.js';
import { localWarehouse } from '../support/pack.js';

let dir: string;
let backend: LocalDuckDbBackend;

beforeAll(async () => {
  dir = tempDir('c360-columnar-');
  backend = await LocalDuckDbBackend.open(localWarehouse(dir));
});

afterAll(async () => {
  await backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('reading a result column by column', () => {
  it('gives the values `query` gives, of every type and with nulls, over more rows than one chunk', async () => {
    const sql = `select
        i,
        cast(i as integer) as small,
        i * 0.25 as ratio,
        case when i % 7 = 0 then null else i / 3.0 end as sometimes,
        'c' || lpad(cast(i as varchar), 6, '0') as id,
        i % 2 = 0 as even,
        date '2025-01-01' + cast(i % 400 as integer) as day,
        cast(i * 1.5 as decimal(12, 2)) as amount,
        [i, i + 1] as pair
      from range(5000) as t(i)
      order by i`;
    const columnar = await backend.queryColumns(sql);
    const rows = await backend.query(sql);
    expect(columnar.rowCount).toBe(5000);
    expect(columnar).toEqual(rowsToColumns(rows.columns, rows.rows));
    expect(columnar.values[3]![7]).toBeNull();
    expect(columnar.values[6]![1]).toBe('2025-01-02');
  });
});
