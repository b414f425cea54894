import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWarehouse, creditCard } from '../support/pack.js';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import type { Row } from '../../src/backends/backend.js';
import { loadDag } from '../../src/orchestration/dag.js';
import { localEmulatedObjects } from '../../src/orchestration/local/objects.js';
import { HistoryWriter } from '../../src/orchestration/local/store.js';
import type { UserError } from '../../src/core/errors.js';
import { assertSnowflakeReadOnly } from '../../src/warehouse/read-only.js';
import { runCliInProcess } from '../support/cli.js';
import { copyGoldWarehouse } from '../support/warehouse.js';
import { dialectTable } from './dialect-table.js';

/**
 * docs/snowflake-dialect.md, entry by entry: each Snowflake statement typed on the local backend
 * gives the value Snowflake's documentation gives. One sealed connection on a copy of the gold
 * warehouse serves the whole table, as one `sql` session would.
 */

let dataDir: string;
let sealed: LocalDuckDbBackend;

async function rows(sql: string): Promise<Row[]> {
  const stream = await sealed.runUserQuery(sql);
  const all: Row[] = [];
  for await (const batch of stream.batches) all.push(...batch);
  return all;
}

beforeAll(async () => {
  dataDir = copyGoldWarehouse('c360-dialect-');
  // One task run in TASK_HISTORY, written by the emulation's own writer.
  const writer = await LocalDuckDbBackend.open({ ...localWarehouse(dataDir) });
  const dag = loadDag(creditCard);
  const task = dag.tasks.find((t) => t.name === 'PROCESS_INCREMENTAL_TRANSACTIONS')!;
  const run = await HistoryWriter.schedule(writer, dag.schema, task, { rootTaskId: 'root', runId: 1, scheduledFrom: 'EXECUTE TASK' });
  await run.executing();
  await run.finish('FAILED', { code: '100000', message: 'local test failure' });
  await writer.close();
  sealed = await LocalDuckDbBackend.open({ ...localWarehouse(dataDir), sealed: true, emulatedObjects: () => localEmulatedObjects(localWarehouse(dataDir)) });
});

afterAll(async () => {
  await sealed.close();
});

describe('the documented dialect table', () => {
  const table = dialectTable();
  it('has an entry for every construct the issue lists', () => {
    expect(table.length).toBeGreaterThanOrEqual(25);
  });
  it("every entry passes the Snowflake backend's read-only guard as typed", () => {
    for (const entry of table) expect(() => assertSnowflakeReadOnly(entry.sql), entry.sql).not.toThrow();
  });
  it.each(table.map((e) => [e.construct, e] as const))('%s', async (_construct, entry) => {
    const [row] = await rows(entry.sql);
    expect(row, entry.sql).toBeDefined();
    expect(Object.values(row!)[0], entry.sql).toEqual(entry.expected);
  });
});

describe("the seed's monitoring statements, verbatim", () => {
  it('TASK_HISTORY with a range and a database filter has Snowflake’s columns and the emulated run', async () => {
    const result = await rows(
      "SELECT * FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(SCHEDULED_TIME_RANGE_START => DATEADD('hour', -24, CURRENT_TIMESTAMP()))) WHERE database_name = 'CUSTOMER_ANALYTICS' ORDER BY scheduled_time DESC",
    );
    expect(result).toHaveLength(1);
    expect(Object.keys(result[0]!).slice(0, 7)).toEqual(['QUERY_ID', 'NAME', 'DATABASE_NAME', 'SCHEMA_NAME', 'QUERY_TEXT', 'CONDITION_TEXT', 'STATE']);
    expect(result[0]).toMatchObject({ NAME: 'PROCESS_INCREMENTAL_TRANSACTIONS', STATE: 'FAILED', ERROR_MESSAGE: 'local test failure' });
    // A range that ends before the run leaves it out.
    const none = await rows(
      "SELECT count(*) AS n FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(SCHEDULED_TIME_RANGE_END => DATEADD('day', -1, CURRENT_TIMESTAMP())))",
    );
    expect(none[0]!.n).toBe(0);
  });

  it('TASK_HISTORY() without arguments, QUERY_HISTORY() and the failed-task query of the seed', async () => {
    const failed = await rows("SELECT error_message FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY()) WHERE state = 'FAILED' ORDER BY scheduled_time DESC LIMIT 5");
    expect(failed).toEqual([{ ERROR_MESSAGE: 'local test failure' }]);
    const queries = await rows(
      "SELECT query_text, error_message FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY()) WHERE query_text ILIKE '%MERGE%' AND execution_status = 'FAILED_WITH_ERROR' ORDER BY start_time DESC",
    );
    expect(queries).toHaveLength(1);
  });

  it('the stream: SYSTEM$STREAM_HAS_DATA and selecting from it by its name', async () => {
    const [has] = await rows("SELECT SYSTEM$STREAM_HAS_DATA('bronze_transactions_stream')");
    // Snowflake's name for an unaliased column: the expression, upper-cased.
    expect(has).toEqual({ "SYSTEM$STREAM_HAS_DATA('BRONZE_TRANSACTIONS_STREAM')": false });
    const stream = await rows('SELECT * FROM bronze_transactions_stream LIMIT 10');
    expect(stream).toEqual([]);
    await expect(rows("SELECT SYSTEM$STREAM_HAS_DATA('no_such_stream')")).rejects.toThrow("Stream 'NO_SUCH_STREAM' does not exist or not authorized.");
  });

  it('SHOW TASKS, STREAMS, SHARES and DBT PROJECTS', async () => {
    const tasks = await rows("SHOW TASKS LIKE 'generate%' IN SCHEMA CUSTOMER_ANALYTICS.BRONZE");
    expect(tasks.map((t) => t.name)).toEqual(['GENERATE_CUSTOMER_DATA', 'GENERATE_TRANSACTION_DATA']);
    expect(Object.keys(tasks[0]!).slice(0, 5)).toEqual(['created_on', 'name', 'id', 'database_name', 'schema_name']);
    expect((await rows('SHOW STREAMS')).map((s) => [s.name, s.table_name])).toEqual([
      ['BRONZE_TRANSACTIONS_STREAM', 'CUSTOMER_ANALYTICS.BRONZE.BRONZE_TRANSACTIONS'],
    ]);
    expect((await rows('SHOW SHARES')).map((s) => [s.kind, s.name])).toEqual([['OUTBOUND', 'CUSTOMER_360_INSIGHTS']]);
    expect((await rows('SHOW DBT PROJECTS')).map((p) => [p.name, p.default_target])).toEqual([['CUSTOMER_ANALYTICS_DBT', 'snowflake']]);
  });

  it('an unqualified name resolves through the current schema, then the path', async () => {
    const quality = await rows('SELECT count(*) AS n FROM v_data_quality_dashboard');
    expect(Number(quality[0]!.n)).toBeGreaterThan(0);
  });
});

describe('what is not translated, and syntax errors', () => {
  it('names an unsupported construct', async () => {
    await expect(
      rows(
        'SELECT * FROM GOLD.FCT_TRANSACTIONS MATCH_RECOGNIZE (ORDER BY transaction_date MEASURES FIRST(transaction_id) AS f PATTERN (A B*) DEFINE B AS transaction_amount > 1)',
      ),
    ).rejects.toThrow(/^MATCH_RECOGNIZE is not supported locally \(QUALIFY/);
  });

  it('EXPLAIN of a Snowflake query explains its translation; a writing SYSTEM$ function is refused', async () => {
    const plan = await rows("EXPLAIN SELECT IFF(1 > 2, 'yes', 'no')");
    expect(plan.length).toBeGreaterThan(0);
    await expect(rows("SELECT SYSTEM$CANCEL_QUERY('x')")).rejects.toThrow(/SYSTEM\$CANCEL_QUERY refused \(it changes state/);
  });

  it('reports a syntax error as one, with the position, exit 2', async () => {
    const failure = await rows('select date_trunc(month from').then(
      () => undefined,
      (err: unknown) => err as UserError,
    );
    expect(failure?.message).toBe('syntax error at or near "from" (line 1, column 25)');
    expect(failure?.exitCode).toBe(2);
  });

  it('the sql command answers `date_trunc(…) month` (an alias without AS)', async () => {
    const ok = await runCliInProcess([
      'sql',
      '--data-dir',
      dataDir,
      '--json',
      "select date_trunc('month', transaction_date) month from GOLD.FCT_TRANSACTIONS order by 1 limit 1",
    ]);
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toEqual([{ month: expect.stringMatching(/^\d{4}-\d{2}-01/) as unknown }]);
  });
});
