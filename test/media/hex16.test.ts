import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DIRT_RATES } from '../../src/scenario/media/scales.js';
import { renderSqlFile } from '../../src/util/sql-template.js';

describe('hex16_upper (session ids in the content files)', () => {
  it('writes every hash as the 16 zero-padded upper-case hex digits lpad(to_hex(h), 16, 0) writes', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(renderSqlFile(['src', 'scenario', 'media', 'generate', 'shared.sql'], { seed: 42, as_of: '2025-07-01', rates: DEFAULT_DIRT_RATES }));
      // Random hashes, and each power of two with its neighbours (the short values and the boundary at 2^60).
      const result = await connection.run(`
        WITH values AS (
          SELECT hash(i) AS h FROM range(100000) AS t(i)
          UNION ALL SELECT CAST(0 AS UBIGINT)
          UNION ALL SELECT CAST(18446744073709551615 AS UBIGINT)
          UNION ALL SELECT CAST(1 AS UBIGINT) << CAST(p AS UBIGINT) FROM range(64) AS t(p)
          UNION ALL SELECT (CAST(1 AS UBIGINT) << CAST(p AS UBIGINT)) - 1 FROM range(1, 64) AS t(p)
          UNION ALL SELECT (CAST(1 AS UBIGINT) << CAST(p AS UBIGINT)) + 1 FROM range(1, 64) AS t(p)
        )
        SELECT count(*) AS n,
               count(*) FILTER (WHERE hex16_upper(h) IS DISTINCT FROM lpad(to_hex(h), 16, '0')) AS different,
               count(*) FILTER (WHERE NOT regexp_full_match(hex16_upper(h), '[0-9A-F]{16}')) AS malformed,
               count(*) FILTER (WHERE h < CAST(1152921504606846976 AS UBIGINT)) AS short
        FROM values`);
      const [n, different, malformed, short] = (await result.getRows())[0]!.map(Number);
      expect(n).toBe(100_000 + 2 + 64 + 63 + 63);
      expect(short).toBeGreaterThan(6_000);
      expect(different).toBe(0);
      expect(malformed).toBe(0);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
