import fs from 'node:fs';
import { localWarehouse } from '../support/pack.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { copyBronzeWarehouse } from '../support/warehouse.js';
import {
  describeShare,
  executeTask,
  shareQuery,
  showShares,
  showTasks,
  streamAppend,
  streamProcess,
  streamStatus,
  taskHistory,
  type TaskHistoryRow,
} from '../../src/orchestration/index.js';
import { executeTaskLocal, type LocalTaskRunner } from '../../src/orchestration/local/tasks.js';
import { streamProcessLocal } from '../../src/orchestration/local/process.js';
import { refreshShareLocal } from '../../src/orchestration/local/share.js';
import { UserError } from '../../src/core/errors.js';
import { runConfig } from '../../src/core/config.js';

let dir: string;
let backend: LocalDuckDbBackend;

const count = async (sql: string) => Number((await backend.query(sql)).rows[0]!.n);
const historyCount = () => count('SELECT count(*) AS n FROM _SNOWFLAKE_EMULATION.task_history');
const factCount = () => count('SELECT count(*) AS n FROM GOLD.FCT_TRANSACTIONS');

async function expectUserError(work: Promise<unknown>, pattern: RegExp): Promise<UserError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).message).toMatch(pattern);
  return err as UserError;
}

beforeAll(async () => {
  dir = copyBronzeWarehouse('c360-orch-');
  backend = await LocalDuckDbBackend.open({ ...localWarehouse(dir) });
  await backend.execute(fs.readFileSync(new URL('./fixtures/gold_fixture.sql', import.meta.url), 'utf8'));
});

afterAll(async () => {
  await backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('tasks on the local backend', () => {
  it("SHOW TASKS lists the six tasks of pipeline_tasks.sql, started, with the cron root's next run", async () => {
    const tasks = await showTasks(backend);
    expect(tasks.map((t) => t.name)).toEqual([
      'GENERATE_CUSTOMER_DATA',
      'GENERATE_TRANSACTION_DATA',
      'RUN_DBT_TRANSFORMATIONS',
      'TRAIN_CHURN_MODEL',
      'REFRESH_ANALYTICS_VIEWS',
      'PROCESS_INCREMENTAL_TRANSACTIONS',
    ]);
    const root = tasks[0]!;
    expect(root).toMatchObject({
      state: 'started',
      schedule: 'USING CRON 0 2 * * SUN UTC',
      predecessors: [],
      warehouse: 'COMPUTE_WH',
      database_name: 'CUSTOMER_ANALYTICS',
      schema_name: 'BRONZE',
    });
    const next = new Date(root.next_scheduled_time!);
    expect(next.getUTCDay()).toBe(0);
    expect(next.getUTCHours()).toBe(2);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(tasks[1]!.next_scheduled_time).toBeNull();
    expect(tasks[5]!.condition).toBe("SYSTEM$STREAM_HAS_DATA('bronze_transactions_stream')");
  });

  it('EXECUTE TASK on the root cascades through the children in order, writing TASK_HISTORY live', async () => {
    const ran: string[] = [];
    const seenWhileRunning: TaskHistoryRow[][] = [];
    const runner: LocalTaskRunner = {
      async runStage(task, stage) {
        ran.push(`${task.name}:${stage}`);
        // What a poller (the presenter) sees while this task runs.
        seenWhileRunning.push(await taskHistory(backend, { limit: 10 }));
        return { detail: `ran ${stage}` };
      },
    };
    const progress: string[] = [];
    const result = await executeTaskLocal(backend, 'generate_customer_data', { runner, onProgress: (row) => progress.push(`${row.name}:${row.state}`) });
    expect(ran).toEqual([
      'GENERATE_CUSTOMER_DATA:generate',
      'GENERATE_TRANSACTION_DATA:validate',
      'RUN_DBT_TRANSFORMATIONS:dbt build',
      'TRAIN_CHURN_MODEL:churn train',
      'REFRESH_ANALYTICS_VIEWS:share refresh',
    ]);
    expect(result.state).toBe('SUCCEEDED');
    expect(result.tasks.map((t) => t.state)).toEqual(Array(5).fill('SUCCEEDED'));
    expect(progress.slice(0, 3)).toEqual(['GENERATE_CUSTOMER_DATA:SCHEDULED', 'GENERATE_CUSTOMER_DATA:EXECUTING', 'GENERATE_CUSTOMER_DATA:SUCCEEDED']);
    // While the third task ran, the history already showed it EXECUTING and the first two SUCCEEDED.
    const during = seenWhileRunning[2]!.filter((r) => r.run_id === result.run_id);
    expect(during.map((r) => `${r.name}:${r.state}`)).toEqual([
      'RUN_DBT_TRANSFORMATIONS:EXECUTING',
      'GENERATE_TRANSACTION_DATA:SUCCEEDED',
      'GENERATE_CUSTOMER_DATA:SUCCEEDED',
    ]);

    const history = (await taskHistory(backend, { limit: 50 })).filter((r) => r.run_id === result.run_id);
    expect(history).toHaveLength(5);
    const root = history.find((r) => r.name === 'GENERATE_CUSTOMER_DATA')!;
    expect(Object.keys(root).sort()).toEqual(
      [
        'completed_time',
        'condition_text',
        'database_name',
        'error_code',
        'error_message',
        'name',
        'query_id',
        'query_start_time',
        'query_text',
        'root_task_id',
        'run_id',
        'scheduled_from',
        'scheduled_time',
        'schema_name',
        'state',
      ].sort(),
    );
    expect(root.query_id).toMatch(/^01[0-9a-f]{6}-0000-[0-9a-f]{4}-0000-[0-9a-f]{12}$/);
    expect(new Set(history.map((r) => r.root_task_id)).size).toBe(1);
    expect(root.scheduled_from).toBe('EXECUTE TASK');
    for (const row of history) {
      expect(Date.parse(row.query_start_time!)).toBeLessThanOrEqual(Date.parse(row.completed_time!));
      expect(row.error_code).toBeNull();
    }
  });

  it('a failed task records its error and its children do not run', async () => {
    const ran: string[] = [];
    const runner: LocalTaskRunner = {
      async runStage(task) {
        ran.push(task.name);
        if (task.name === 'RUN_DBT_TRANSFORMATIONS') throw new Error('Compilation Error in model fct_transactions');
        return {};
      },
    };
    const result = await executeTaskLocal(backend, 'GENERATE_CUSTOMER_DATA', { runner });
    expect(ran).toEqual(['GENERATE_CUSTOMER_DATA', 'GENERATE_TRANSACTION_DATA', 'RUN_DBT_TRANSFORMATIONS']);
    expect(result.state).toBe('FAILED');
    const failed = (await taskHistory(backend, { limit: 5 })).find((r) => r.run_id === result.run_id && r.state === 'FAILED')!;
    expect(failed).toMatchObject({ name: 'RUN_DBT_TRANSFORMATIONS', error_code: '100000', error_message: 'Compilation Error in model fct_transactions' });
    const children = (await taskHistory(backend, { limit: 50 })).filter(
      (r) => r.run_id === result.run_id && ['TRAIN_CHURN_MODEL', 'REFRESH_ANALYTICS_VIEWS'].includes(r.name),
    );
    expect(children).toEqual([]);
  });

  it('a check that fails (ok: false) fails its task too', async () => {
    const runner: LocalTaskRunner = {
      runStage: async (task) => (task.name === 'GENERATE_TRANSACTION_DATA' ? { ok: false, detail: '2 of 12 checks failed' } : {}),
    };
    const result = await executeTaskLocal(backend, 'generate_customer_data', { runner });
    expect(result.tasks.map((t) => `${t.name}:${t.state}`)).toEqual(['GENERATE_CUSTOMER_DATA:SUCCEEDED', 'GENERATE_TRANSACTION_DATA:FAILED']);
    expect(result.tasks[1]!.error_message).toContain('2 of 12 checks failed');
  });

  it('Ctrl-C cancels the running task; its children do not run', async () => {
    const controller = new AbortController();
    const ran: string[] = [];
    const runner: LocalTaskRunner = {
      async runStage(task) {
        ran.push(task.name);
        if (task.name === 'GENERATE_TRANSACTION_DATA') {
          controller.abort();
          throw new Error('INTERRUPT');
        }
        return {};
      },
    };
    await expectUserError(executeTaskLocal(backend, 'generate_customer_data', { runner, signal: controller.signal }), /interrupted/);
    expect(ran).toEqual(['GENERATE_CUSTOMER_DATA', 'GENERATE_TRANSACTION_DATA']);
    const rows = await taskHistory(backend, { limit: 4 });
    const cancelled = rows.find((r) => r.name === 'GENERATE_TRANSACTION_DATA')!;
    expect(cancelled).toMatchObject({ state: 'CANCELLED', error_code: '000604' });
    expect(rows.filter((r) => r.run_id === cancelled.run_id).map((r) => r.name)).not.toContain('RUN_DBT_TRANSFORMATIONS');
  });

  it('refuses to execute a child task or an unknown task, and changes nothing', async () => {
    const before = await historyCount();
    const child = await expectUserError(
      executeTask(backend, 'run_dbt_transformations', { config: runConfig({ ...localWarehouse(dir), backend: 'local' }) }),
      /Cannot execute task 'RUN_DBT_TRANSFORMATIONS'.*root task/,
    );
    expect(child.exitCode).toBe(2);
    expect(child.hint).toContain('tasks execute generate_customer_data');
    const unknown = await expectUserError(
      executeTask(backend, 'no_such_task', { config: runConfig({ ...localWarehouse(dir), backend: 'local' }) }),
      /^Task 'NO_SUCH_TASK' does not exist or not authorized\.$/,
    );
    expect(unknown.exitCode).toBe(2);
    expect(await historyCount()).toBe(before);
  });
});

describe('the stream on BRONZE.BRONZE_TRANSACTIONS', () => {
  it('starts empty: SYSTEM$STREAM_HAS_DATA false, and processing is SKIPPED', async () => {
    const status = await streamStatus(backend);
    expect(status).toMatchObject({ stream: 'BRONZE_TRANSACTIONS_STREAM', has_data: false, pending_rows: 0 });
    const before = await factCount();
    const run = await streamProcess(backend);
    expect(run.state).toBe('SKIPPED');
    expect(run.history).toMatchObject({ name: 'PROCESS_INCREMENTAL_TRANSACTIONS', state: 'SKIPPED', query_id: null });
    expect(await factCount()).toBe(before);
  });

  it("append N adds N new rows that the stream shows with Snowflake's metadata columns", async () => {
    const bronzeBefore = await count('SELECT count(*) AS n FROM BRONZE.BRONZE_TRANSACTIONS');
    const maxBefore = await count('SELECT max(transaction_id) AS n FROM BRONZE.BRONZE_TRANSACTIONS');
    const appended = await streamAppend(backend, 25);
    expect(appended).toEqual({ appended: 25, first_transaction_id: maxBefore + 1, last_transaction_id: maxBefore + 25, pending_rows: 25 });
    expect(await count('SELECT count(*) AS n FROM BRONZE.BRONZE_TRANSACTIONS')).toBe(bronzeBefore + 25);
    expect(await count('SELECT count(*) - count(DISTINCT transaction_id) AS n FROM BRONZE.BRONZE_TRANSACTIONS')).toBe(0);
    const status = await streamStatus(backend, { limit: 5 });
    expect(status).toMatchObject({ has_data: true, pending_rows: 25 });
    expect(status.columns).toEqual(expect.arrayContaining(['METADATA$ACTION', 'METADATA$ISUPDATE', 'METADATA$ROW_ID', 'transaction_id']));
    expect(status.rows).toHaveLength(5);
    expect(status.rows[0]).toMatchObject({ METADATA$ACTION: 'INSERT', METADATA$ISUPDATE: false, transaction_id: maxBefore + 1 });
    expect(String(status.rows[0]!['METADATA$ROW_ID'])).toMatch(/^[0-9a-f]{40}$/);
    // Deterministic: the same warehouse state gives the same rows.
    const rowsOf = async () =>
      (await backend.query(`SELECT * FROM BRONZE.BRONZE_TRANSACTIONS WHERE transaction_id > ${maxBefore} ORDER BY transaction_id`)).rows;
    const first = await rowsOf();
    await backend.execute(`DELETE FROM BRONZE.BRONZE_TRANSACTIONS WHERE transaction_id > ${maxBefore}`);
    await streamAppend(backend, 25);
    expect(await rowsOf()).toEqual(first);
    expect(new Set(first.map((r) => r.customer_id)).size).toBeGreaterThan(15);
    // New rows are valid bronze rows: a known customer, amount in range, on the last day of the
    // history and never after it (the as-of date stays the end of the data).
    expect(
      await count(`SELECT count(*) AS n FROM BRONZE.BRONZE_TRANSACTIONS t JOIN BRONZE.BRONZE_CUSTOMERS USING (customer_id)
      WHERE t.transaction_id > ${maxBefore} AND t.transaction_amount > 0 AND t.transaction_amount < 10000
        AND t.transaction_date >= TIMESTAMP '2025-06-30' AND t.transaction_date < TIMESTAMP '2025-07-01'`),
    ).toBe(25);
  });

  it('process MERGEs the pending rows into GOLD.FCT_TRANSACTIONS once; a second run is SKIPPED and adds nothing', async () => {
    const before = await factCount();
    const run = await streamProcess(backend);
    expect(run).toMatchObject({ state: 'SUCCEEDED', merged_rows: 25, fact_rows_before: before, fact_rows_after: before + 25 });
    expect(await factCount()).toBe(before + 25);
    expect((await streamStatus(backend)).pending_rows).toBe(0);
    const merged = await backend.query(`SELECT * FROM GOLD.FCT_TRANSACTIONS ORDER BY transaction_id DESC LIMIT 1`);
    expect(merged.rows[0]).toMatchObject({ customer_segment: expect.any(String), is_approved: expect.any(Boolean), merchant_category: expect.any(String) });
    const again = await streamProcess(backend);
    expect(again.state).toBe('SKIPPED');
    expect(await factCount()).toBe(before + 25);
  });

  it('a failure before COMMIT leaves the fact table and the offset as they were; the next run merges', async () => {
    await streamAppend(backend, 10);
    const before = await factCount();
    const offsetBefore = await backend.query('SELECT offset_id, rows_at_offset, consumed_rows FROM _SNOWFLAKE_EMULATION.stream_offsets');
    const failed = await streamProcessLocal(backend, {
      beforeMergeCommit: async () => {
        throw new Error('warehouse lost mid-MERGE');
      },
    });
    expect(failed.state).toBe('FAILED');
    expect(failed.history.error_message).toBe('warehouse lost mid-MERGE');
    expect(await factCount()).toBe(before);
    expect((await backend.query('SELECT offset_id, rows_at_offset, consumed_rows FROM _SNOWFLAKE_EMULATION.stream_offsets')).rows).toEqual(offsetBefore.rows);
    expect((await streamStatus(backend)).pending_rows).toBe(10);
    const retry = await streamProcess(backend);
    expect(retry).toMatchObject({ state: 'SUCCEEDED', merged_rows: 10 });
    expect(await factCount()).toBe(before + 10);
  });

  it('the MERGE itself never adds a row twice, even when the stream offers it again', async () => {
    const before = await factCount();
    // Rewind the offset by 10 rows: the stream shows already-merged rows again.
    await backend.execute(`UPDATE _SNOWFLAKE_EMULATION.stream_offsets SET offset_id = offset_id - 10, rows_at_offset = rows_at_offset - 10`);
    expect((await streamStatus(backend)).pending_rows).toBe(10);
    const run = await streamProcess(backend);
    expect(run).toMatchObject({ state: 'SUCCEEDED', merged_rows: 0 });
    expect(await factCount()).toBe(before);
    expect(await count('SELECT count(*) - count(DISTINCT transaction_id) AS n FROM GOLD.FCT_TRANSACTIONS')).toBe(0);
  });

  it('refuses a non-positive or non-integer N and changes nothing', async () => {
    const before = await count('SELECT count(*) AS n FROM BRONZE.BRONZE_TRANSACTIONS');
    for (const n of [0, -5, 2.5]) {
      expect((await expectUserError(streamAppend(backend, n), /positive whole number/)).exitCode).toBe(2);
    }
    expect(await count('SELECT count(*) AS n FROM BRONZE.BRONZE_TRANSACTIONS')).toBe(before);
  });
});

describe('the secure share customer_360_insights', () => {
  beforeAll(async () => {
    await refreshShareLocal(backend);
  });

  it('SHOW SHARES / DESC SHARE list the share, its consumer and exactly the granted objects', async () => {
    const shares = await showShares(backend);
    expect(shares).toEqual([
      expect.objectContaining({ kind: 'OUTBOUND', name: 'CUSTOMER_360_INSIGHTS', database_name: 'CUSTOMER_ANALYTICS', owner: 'ACCOUNTADMIN' }),
    ]);
    const description = await describeShare(backend);
    expect(description.objects.map((o) => `${o.kind} ${o.name}`)).toEqual([
      'DATABASE CUSTOMER_ANALYTICS',
      'SCHEMA CUSTOMER_ANALYTICS.GOLD',
      'VIEW CUSTOMER_ANALYTICS.GOLD.SHARED_CUSTOMER_INSIGHTS',
      'VIEW CUSTOMER_ANALYTICS.GOLD.SHARED_SEGMENT_SUMMARY',
    ]);
  });

  it('answers the consumer from the granted secure views, without personal data', async () => {
    const result = await shareQuery(backend, 'SELECT customer_segment, customers FROM SHARED_SEGMENT_SUMMARY ORDER BY customer_segment');
    expect(result.rows).toHaveLength(5);
    expect(result.views).toEqual(['CUSTOMER_ANALYTICS.GOLD.SHARED_SEGMENT_SUMMARY']);
    const insights = await shareQuery(backend, 'SELECT * FROM GOLD.SHARED_CUSTOMER_INSIGHTS LIMIT 3');
    expect(insights.rows).toHaveLength(3);
    expect(insights.columns).not.toEqual(expect.arrayContaining(['email']));
    expect(insights.columns).not.toContain('first_name');
    expect(insights.columns).toContain('age_band');
  });

  it('refuses the raw tables, the bronze schema and a GOLD view that was not granted', async () => {
    for (const [sql, name] of [
      ['SELECT * FROM GOLD.FCT_TRANSACTIONS', 'GOLD.FCT_TRANSACTIONS'],
      ['SELECT * FROM CUSTOMER_ANALYTICS.GOLD.CUSTOMER_360_PROFILE', 'CUSTOMER_ANALYTICS.GOLD.CUSTOMER_360_PROFILE'],
      ['SELECT * FROM BRONZE.BRONZE_CUSTOMERS', 'BRONZE.BRONZE_CUSTOMERS'],
      ['SELECT * FROM BRONZE.BRONZE_TRANSACTIONS_STREAM', 'BRONZE.BRONZE_TRANSACTIONS_STREAM'],
      ['SELECT * FROM GOLD.V_INTERNAL_HIGH_VALUE', 'GOLD.V_INTERNAL_HIGH_VALUE'],
      ['SELECT * FROM _SNOWFLAKE_EMULATION.share_grants', '_SNOWFLAKE_EMULATION.SHARE_GRANTS'],
      ['SELECT * FROM GOLD.SHARED_SEGMENT_SUMMARY WHERE customer_segment IN (SELECT customer_segment FROM BRONZE.BRONZE_CUSTOMERS)', 'BRONZE.BRONZE_CUSTOMERS'],
    ] as const) {
      await expectUserError(shareQuery(backend, sql), new RegExp(`Object '${name.replace(/\$/g, '\\$')}' does not exist or not authorized\\.`));
    }
  });

  it('refuses DML with exit 2 and the data stays as it was', async () => {
    const before = await count('SELECT count(*) AS n FROM GOLD.SHARED_SEGMENT_SUMMARY');
    const err = await expectUserError(shareQuery(backend, 'DELETE FROM GOLD.SHARED_SEGMENT_SUMMARY'), /Insufficient privileges/);
    expect(err.exitCode).toBe(2);
    expect(await count('SELECT count(*) AS n FROM GOLD.SHARED_SEGMENT_SUMMARY')).toBe(before);
    // The session's current schema is restored after a consumer query.
    expect(await count('SELECT count(*) AS n FROM BRONZE.BRONZE_CUSTOMERS')).toBe(1000);
  });
});
