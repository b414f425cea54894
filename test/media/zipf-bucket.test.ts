import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DIRT_RATES } from '../../src/scenario/media/scales.js';
import { renderSqlFile } from '../../src/util/sql-template.js';

describe("the article draw's bucket table", () => {
  it('gives the rank an ASOF JOIN on the cumulative distribution gives, at every boundary and for random draws', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(renderSqlFile(['src', 'scenario', 'media', 'generate', 'shared.sql'], { seed: 42, as_of: '2025-07-01', rates: DEFAULT_DIRT_RATES }));
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
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
