import { describe, expect, it } from 'vitest';
import { checkConsumerQuery } from '../../src/orchestration/consumer.js';
import { UserError } from '../../src/core/errors.js';

const GRANTED = [
  { database: 'CUSTOMER_ANALYTICS', schema: 'GOLD', name: 'SHARED_SEGMENT_SUMMARY' },
  { database: 'CUSTOMER_ANALYTICS', schema: 'GOLD', name: 'SHARED_CUSTOMER_INSIGHTS' },
];
const WAREHOUSE = new Set(['FCT_TRANSACTIONS', 'CUSTOMER_360_PROFILE', 'BRONZE_CUSTOMERS', 'BRONZE_TRANSACTIONS']);

async function refusal(sql: string): Promise<UserError> {
  try {
    await checkConsumerQuery(sql, GRANTED, WAREHOUSE);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error(`not refused: ${sql}`);
}

describe('the share consumer check', () => {
  it('allows the granted views, qualified or not, with CTEs, joins and subqueries over them', async () => {
    expect((await checkConsumerQuery('SELECT * FROM GOLD.SHARED_SEGMENT_SUMMARY', GRANTED, WAREHOUSE)).views).toEqual([
      'CUSTOMER_ANALYTICS.GOLD.SHARED_SEGMENT_SUMMARY',
    ]);
    expect((await checkConsumerQuery('select count(*) from customer_analytics.gold.shared_customer_insights', GRANTED, WAREHOUSE)).views).toHaveLength(1);
    const check = await checkConsumerQuery(
      `
      WITH s AS (SELECT * FROM SHARED_SEGMENT_SUMMARY)
      SELECT i.customer_segment, count(*) FROM GOLD.SHARED_CUSTOMER_INSIGHTS i JOIN s USING (customer_segment)
      WHERE i.customer_id IN (SELECT customer_id FROM GOLD.SHARED_CUSTOMER_INSIGHTS WHERE churn_risk_tier = 'High')
      GROUP BY 1`,
      GRANTED,
      WAREHOUSE,
    );
    expect(check.views.sort()).toEqual(['CUSTOMER_ANALYTICS.GOLD.SHARED_CUSTOMER_INSIGHTS', 'CUSTOMER_ANALYTICS.GOLD.SHARED_SEGMENT_SUMMARY']);
  });

  it("refuses raw tables, the bronze schema and ungranted views with Snowflake's wording", async () => {
    expect((await refusal('SELECT * FROM GOLD.FCT_TRANSACTIONS')).message).toBe(
      "SQL compilation error: Object 'GOLD.FCT_TRANSACTIONS' does not exist or not authorized.",
    );
    expect((await refusal('SELECT * FROM BRONZE.BRONZE_CUSTOMERS')).message).toContain("Object 'BRONZE.BRONZE_CUSTOMERS' does not exist or not authorized.");
    expect((await refusal('SELECT * FROM CUSTOMER_ANALYTICS.GOLD.CUSTOMER_360_PROFILE')).message).toContain(
      "'CUSTOMER_ANALYTICS.GOLD.CUSTOMER_360_PROFILE' does not exist or not authorized",
    );
    expect((await refusal('SELECT * FROM FCT_TRANSACTIONS')).message).toContain("'FCT_TRANSACTIONS'");
    expect((await refusal('SELECT * FROM BRONZE.SHARED_SEGMENT_SUMMARY')).message).toContain('not authorized');
  });

  it('cannot be bypassed through subqueries, joins, set operations, CTE bodies or CTE shadowing', async () => {
    for (const sql of [
      'SELECT * FROM GOLD.SHARED_CUSTOMER_INSIGHTS WHERE customer_id IN (SELECT customer_id FROM BRONZE.BRONZE_CUSTOMERS)',
      'SELECT (SELECT max(email) FROM BRONZE.BRONZE_CUSTOMERS) AS e FROM GOLD.SHARED_SEGMENT_SUMMARY',
      'SELECT * FROM GOLD.SHARED_SEGMENT_SUMMARY s, LATERAL (SELECT * FROM GOLD.FCT_TRANSACTIONS LIMIT 1) t',
      'SELECT customer_id FROM GOLD.SHARED_CUSTOMER_INSIGHTS UNION ALL SELECT email FROM BRONZE.BRONZE_CUSTOMERS',
      'WITH x AS (SELECT * FROM BRONZE.BRONZE_TRANSACTIONS) SELECT * FROM x',
      // A non-recursive CTE's body reads the real table of the same name, not itself.
      'WITH FCT_TRANSACTIONS AS (SELECT * FROM FCT_TRANSACTIONS) SELECT * FROM FCT_TRANSACTIONS',
      // A CTE defined inside a subquery is not in scope outside it.
      'SELECT * FROM (WITH BRONZE_CUSTOMERS AS (SELECT 1 AS a) SELECT * FROM BRONZE_CUSTOMERS) q, BRONZE_CUSTOMERS',
      'SELECT * FROM GOLD.SHARED_SEGMENT_SUMMARY WHERE EXISTS (SELECT 1 FROM GOLD.CUSTOMER_360_PROFILE)',
    ]) {
      expect((await refusal(sql)).message, sql).toMatch(/does not exist or not authorized/);
    }
  });

  it('refuses table functions, file paths and functions that reach outside the share', async () => {
    for (const sql of [
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM '/tmp/secret.parquet'",
      'SELECT * FROM duckdb_tables()',
      "SELECT * FROM query_table('BRONZE.BRONZE_CUSTOMERS')",
      "SELECT getenv('HOME') FROM GOLD.SHARED_SEGMENT_SUMMARY",
    ]) {
      expect((await refusal(sql)).message, sql).toMatch(/does not exist or not authorized/);
    }
  });

  it('refuses DML, DDL and more than one statement (exit 2)', async () => {
    for (const sql of [
      'DELETE FROM GOLD.SHARED_SEGMENT_SUMMARY',
      "INSERT INTO GOLD.SHARED_SEGMENT_SUMMARY VALUES ('x')",
      "  update gold.shared_customer_insights set state = 'XX'",
      'DROP VIEW GOLD.SHARED_SEGMENT_SUMMARY',
      "COPY GOLD.SHARED_SEGMENT_SUMMARY TO '/tmp/x.csv'",
      '/* hi */ MERGE INTO GOLD.SHARED_SEGMENT_SUMMARY t USING GOLD.SHARED_SEGMENT_SUMMARY s ON true WHEN MATCHED THEN DELETE',
    ]) {
      const err = await refusal(sql);
      expect(err.exitCode, sql).toBe(2);
      expect(err.message, sql).toMatch(/Insufficient privileges/);
    }
    expect((await refusal('SELECT 1 FROM GOLD.SHARED_SEGMENT_SUMMARY; SELECT * FROM BRONZE.BRONZE_CUSTOMERS')).message).toMatch(
      /statement count 2 did not match the desired statement count 1/,
    );
  });
});
