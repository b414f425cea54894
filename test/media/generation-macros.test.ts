import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DIRT_RATES } from '../../src/scenario/media/scales.js';
import { renderSqlFile } from '../../src/util/sql-template.js';

/** The generation helpers of src/scenario/media/generate/shared.sql, loaded once into an in-memory DuckDB. */
describe('media generation helpers (shared.sql)', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await connection.run(renderSqlFile(['src', 'scenario', 'media', 'generate', 'shared.sql'], { seed: 42, as_of: '2025-07-01', rates: DEFAULT_DIRT_RATES }));
  });
  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
  });

  it("the article draw's bucket table gives the rank an ASOF JOIN on the cumulative distribution gives, at every boundary and for random draws", async () => {
    // Draws: random ones, each bucket's start, each rank's start and the double just below it.
    const result = await connection.run(`
      WITH draws AS (
        SELECT random() AS u FROM range(200000)
        UNION ALL SELECT CAST(b AS DOUBLE) / 65536 FROM range(65536) AS t(b)
        UNION ALL SELECT cdf_from FROM _media_zipf
        UNION ALL SELECT nextafter(cdf_from, 0) FROM _media_zipf WHERE cdf_from > 0
      ),
      by_asof AS (
        SELECT d.u, z.article_id AS expected FROM draws AS d ASOF LEFT JOIN _media_zipf AS z ON d.u >= z.cdf_from
      )
      SELECT
        count(*) AS draws,
        count(*) FILTER (WHERE a.expected IS DISTINCT FROM CASE WHEN a.u >= k.split_from THEN k.split_article ELSE k.article_id END) AS different
      FROM by_asof AS a
      LEFT JOIN _media_zipf_bucket AS k ON k.bucket = CAST(floor(a.u * 65536) AS INTEGER)`);
    const [draws, different] = (await result.getRows())[0]!.map(Number);
    expect(draws).toBeGreaterThan(267_000);
    expect(different).toBe(0);
  });

  it('hex16_upper (session ids in the content files) writes every hash as the 16 zero-padded upper-case hex digits lpad(to_hex(h), 16, 0) writes', async () => {
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
  });
});
