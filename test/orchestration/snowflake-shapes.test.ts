import { describe, expect, it } from 'vitest';
import { localWarehouse, creditCard } from '../support/pack.js';
import type { Backend, QueryResult, Row } from '../../src/backends/backend.js';
import { describeShare, executeTask, shareQuery, showShares, showTasks, streamStatus, taskHistory } from '../../src/orchestration/index.js';
import { runConfig } from '../../src/core/config.js';

/** On Snowflake the tasks carry their own configuration: nothing local runs. */
const NO_LOCAL_STAGES = runConfig({ ...localWarehouse('.'), backend: 'snowflake' });

/** A Snowflake-kind backend that answers from canned results and records what it was sent. */
function fakeSnowflake(answer: (sql: string) => Row[]): Backend & { sent: string[] } {
  const sent: string[] = [];
  return {
    kind: 'snowflake',
    pack: creditCard,
    description: 'fake Snowflake',
    sent,
    async query(sql: string): Promise<QueryResult> {
      sent.push(sql);
      const rows = answer(sql);
      return { columns: rows[0] ? Object.keys(rows[0]) : [], rows, elapsedMs: 1 };
    },
    async runUserQuery(sql: string) {
      sent.push(sql);
      const rows = answer(sql);
      async function* batches() {
        yield rows;
      }
      return { columns: rows[0] ? Object.keys(rows[0]) : [], batches: batches() };
    },
    async execute(sql: string) {
      sent.push(sql);
    },
    async transaction<T>(work: () => Promise<T>) {
      return work();
    },
    async close() {},
  };
}

const SHOW_TASKS: Row[] = [
  {
    created_on: '2025-06-30 10:00:00.000 -0700',
    name: 'GENERATE_CUSTOMER_DATA',
    id: '01b-root',
    database_name: 'CUSTOMER_ANALYTICS',
    schema_name: 'BRONZE',
    owner: 'C360_ENGINEER',
    comment: 'Root',
    warehouse: 'C360_WH',
    schedule: 'USING CRON 0 2 * * SUN UTC',
    predecessors: '[]',
    state: 'started',
    definition: 'CALL BRONZE.GENERATE_CUSTOMERS(50000, 42)',
    condition: null,
  },
  {
    created_on: '2025-06-30 10:00:00.000 -0700',
    name: 'GENERATE_TRANSACTION_DATA',
    id: '01b-child',
    database_name: 'CUSTOMER_ANALYTICS',
    schema_name: 'BRONZE',
    owner: 'C360_ENGINEER',
    comment: '',
    warehouse: 'C360_WH',
    schedule: null,
    predecessors: '[\n  "CUSTOMER_ANALYTICS.BRONZE.\\"GENERATE_CUSTOMER_DATA\\""\n]',
    state: 'started',
    definition: 'EXECUTE IMMEDIATE FROM @x',
    condition: null,
  },
];

const history = (name: string, state: string, extra: Row = {}): Row => ({
  QUERY_ID: `q-${name}`,
  NAME: name,
  DATABASE_NAME: 'CUSTOMER_ANALYTICS',
  SCHEMA_NAME: 'BRONZE',
  QUERY_TEXT: 'x',
  CONDITION_TEXT: null,
  STATE: state,
  ERROR_CODE: null,
  ERROR_MESSAGE: null,
  SCHEDULED_TIME: '2025-07-06 02:00:00.000 +0000',
  QUERY_START_TIME: '2025-07-06 02:00:01.000 +0000',
  COMPLETED_TIME: state === 'EXECUTING' ? null : '2025-07-06 02:00:09.000 +0000',
  ROOT_TASK_ID: '01b-root',
  RUN_ID: 1751767200000,
  SCHEDULED_FROM: 'EXECUTE TASK',
  ...extra,
});

describe('the orchestration API on a Snowflake backend', () => {
  it("normalises SHOW TASKS: predecessors JSON with quoted names, started/suspended, the cron root's next run", async () => {
    const backend = fakeSnowflake((sql) => (sql.startsWith('SHOW TASKS') ? SHOW_TASKS : []));
    const tasks = await showTasks(backend);
    expect(backend.sent).toEqual(['SHOW TASKS IN SCHEMA CUSTOMER_ANALYTICS.BRONZE']);
    expect(tasks[1]).toMatchObject({
      name: 'GENERATE_TRANSACTION_DATA',
      predecessors: ['GENERATE_CUSTOMER_DATA'],
      state: 'started',
      schedule: null,
      next_scheduled_time: null,
    });
    expect(tasks[0]!.predecessors).toEqual([]);
    expect(new Date(tasks[0]!.next_scheduled_time!).getUTCDay()).toBe(0);
  });

  it('EXECUTE TASK runs the root and follows TASK_HISTORY until the graph run is over', async () => {
    let polls = 0;
    const backend = fakeSnowflake((sql) => {
      if (sql.startsWith('SHOW TASKS')) return SHOW_TASKS;
      if (sql.includes('TASK_HISTORY')) {
        polls += 1;
        return polls === 1
          ? [history('GENERATE_CUSTOMER_DATA', 'EXECUTING')]
          : [history('GENERATE_CUSTOMER_DATA', 'SUCCEEDED'), history('GENERATE_TRANSACTION_DATA', 'SUCCEEDED')];
      }
      return [];
    });
    const seen: string[] = [];
    const result = await executeTask(backend, 'generate_customer_data', {
      config: NO_LOCAL_STAGES,
      pollMs: 1,
      onProgress: (row) => seen.push(`${row.name}:${row.state}`),
    });
    expect(backend.sent).toContain('EXECUTE TASK CUSTOMER_ANALYTICS.BRONZE.GENERATE_CUSTOMER_DATA');
    expect(result).toMatchObject({ root: 'GENERATE_CUSTOMER_DATA', state: 'SUCCEEDED', run_id: 1751767200000 });
    expect(result.tasks.map((t) => t.name)).toEqual(['GENERATE_CUSTOMER_DATA', 'GENERATE_TRANSACTION_DATA']);
    expect(result.tasks[0]!.completed_time).toBe('2025-07-06T02:00:09.000Z');
    expect(seen).toEqual(['GENERATE_CUSTOMER_DATA:EXECUTING', 'GENERATE_CUSTOMER_DATA:SUCCEEDED', 'GENERATE_TRANSACTION_DATA:SUCCEEDED']);
  });

  it('refuses a child or unknown task before sending EXECUTE TASK', async () => {
    const backend = fakeSnowflake((sql) => (sql.startsWith('SHOW TASKS') ? SHOW_TASKS : []));
    await expect(executeTask(backend, 'generate_transaction_data', { config: NO_LOCAL_STAGES })).rejects.toThrow(
      /Cannot execute task 'GENERATE_TRANSACTION_DATA'/,
    );
    await expect(executeTask(backend, 'nope', { config: NO_LOCAL_STAGES })).rejects.toThrow(/Task 'NOPE' does not exist or not authorized/);
    expect(backend.sent.some((s) => s.startsWith('EXECUTE TASK'))).toBe(false);
  });

  it('reads TASK_HISTORY, the stream and the share in the local shapes', async () => {
    const backend = fakeSnowflake((sql) => {
      if (sql.includes('TASK_HISTORY')) return [history('GENERATE_CUSTOMER_DATA', 'FAILED', { ERROR_CODE: 100357, ERROR_MESSAGE: 'boom' })];
      if (sql.includes('SYSTEM$STREAM_HAS_DATA')) return [{ HAS_DATA: true }];
      if (sql.startsWith('SELECT COUNT(*) AS N FROM')) return [{ N: 3 }];
      if (sql.startsWith('SHOW SHARES'))
        return [
          {
            created_on: '2025-06-30 10:00:00.000 -0700',
            kind: 'OUTBOUND',
            name: 'ORG.ACCT.CUSTOMER_360_INSIGHTS',
            database_name: 'CUSTOMER_ANALYTICS',
            to: 'PARTNER.ACCT',
            owner: 'ACCOUNTADMIN',
            comment: 'c',
          },
        ];
      if (sql.startsWith('DESC SHARE'))
        return [
          { kind: 'DATABASE', name: 'CUSTOMER_ANALYTICS', shared_on: '2025-06-30 10:00:00.000 -0700' },
          { kind: 'VIEW', name: 'CUSTOMER_ANALYTICS.GOLD.SHARED_SEGMENT_SUMMARY', shared_on: '2025-06-30 10:00:00.000 -0700' },
        ];
      return [{ customer_segment: 'Declining', customers: 100 }];
    });
    const rows = await taskHistory(backend, { limit: 5 });
    expect(rows[0]).toMatchObject({ name: 'GENERATE_CUSTOMER_DATA', state: 'FAILED', error_code: '100357', error_message: 'boom', run_id: 1751767200000 });
    expect(await streamStatus(backend)).toMatchObject({ stream: 'BRONZE_TRANSACTIONS_STREAM', has_data: true, pending_rows: 3 });
    expect((await showShares(backend))[0]).toMatchObject({ name: 'CUSTOMER_360_INSIGHTS', to: 'PARTNER.ACCT', created_on: '2025-06-30T17:00:00.000Z' });
    expect((await describeShare(backend)).objects.map((o) => o.kind)).toEqual(['DATABASE', 'VIEW']);
    await expect(shareQuery(backend, 'SELECT * FROM GOLD.FCT_TRANSACTIONS')).rejects.toThrow(/Object 'GOLD.FCT_TRANSACTIONS' does not exist or not authorized/);
    const ok = await shareQuery(backend, 'SELECT * FROM SHARED_SEGMENT_SUMMARY');
    expect(ok.rows).toEqual([{ customer_segment: 'Declining', customers: 100 }]);
  });
});
