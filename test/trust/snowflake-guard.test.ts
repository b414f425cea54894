import { describe, expect, it } from 'vitest';
import { assertSnowflakeReadOnly, READ_ONLY_SYSTEM_FUNCTIONS } from '../../src/warehouse/read-only.js';

describe('the read-only rule on Snowflake', () => {
  it.each([
    'SELECT 1 FROM x; ',
    'SELECT * FROM CUSTOMER_ANALYTICS.GOLD.CUSTOMER_360_PROFILE LIMIT 10',
    "SELECT SYSTEM$STREAM_HAS_DATA('bronze_transactions_stream')",
    "SELECT * FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(SCHEDULED_TIME_RANGE_START => DATEADD('hour', -24, CURRENT_TIMESTAMP()))) ORDER BY scheduled_time DESC",
    'WITH x AS (SELECT 1 AS a) SELECT * FROM x',
    'SHOW TASKS',
    'DESCRIBE TABLE GOLD.DIM_CUSTOMER',
    "SELECT INSERT('abcdef', 2, 3, 'X'), TRUNCATE(3.7), GET(ARRAY_CONSTRUCT(1, 2), 0)",
    "SELECT 'DROP TABLE x; DELETE FROM y' AS text",
    'SELECT t.set, t.update FROM (SELECT 1 AS set, 2 AS update) t',
    'SELECT 1;',
  ])('allows %s', (sql) => {
    expect(() => assertSnowflakeReadOnly(sql)).not.toThrow();
  });

  it.each([
    ["SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('BRONZE.GENERATE_CUSTOMER_DATA')", /SYSTEM\$TASK_DEPENDENTS_ENABLE \(it changes state/],
    ['SELECT SYSTEM$CANCEL_ALL_QUERIES(1)', /SYSTEM\$CANCEL_ALL_QUERIES/],
    ['SELECT SYSTEM$ABORT_SESSION(1)', /SYSTEM\$ABORT_SESSION/],
    ['SELECT "SYSTEM$TASK_DEPENDENTS_ENABLE"(\'X\')', /SYSTEM\$TASK_DEPENDENTS_ENABLE/],
    ["SELECT SYSTEM$SHOW_OAUTH_CLIENT_SECRETS('i')", /SYSTEM\$SHOW_OAUTH_CLIENT_SECRETS/],
    ['SELECT 1; DROP TABLE GOLD.DIM_CUSTOMER', /2 statements/],
    ["SELECT '/*' AS a; DROP TABLE X; SELECT '*/' AS b", /3 statements/],
    ['DELETE FROM GOLD.DIM_CUSTOMER', /a DELETE statement/],
    ['CALL BRONZE.GENERATE_CUSTOMERS(50000, 42)', /a CALL statement/],
    ['EXECUTE TASK BRONZE.GENERATE_CUSTOMER_DATA', /a EXECUTE statement/],
    ['EXPLAIN ANALYZE SELECT 1', /EXPLAIN ANALYZE/],
    ['WITH x AS (SELECT 1) DELETE FROM y', /DELETE/],
  ])('refuses %s', (sql, message) => {
    expect(() => assertSnowflakeReadOnly(sql)).toThrow(message);
  });

  it('lists only system functions that read', () => {
    for (const name of READ_ONLY_SYSTEM_FUNCTIONS)
      expect(name).toMatch(
        /^SYSTEM\$(STREAM_|CLUSTERING_|EXPLAIN_|GET_|CURRENT_|TASK_RUNTIME|PIPE_STATUS|TYPEOF|WHITELIST|ALLOWLIST|BEHAVIOR_CHANGE_BUNDLE_STATUS)/,
      );
  });
});
