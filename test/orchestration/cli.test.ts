import fs from 'node:fs';
import { localWarehouse } from '../support/pack.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';
import { copyBronzeWarehouse } from '../support/warehouse.js';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { refreshShareLocal } from '../../src/orchestration/local/share.js';

let dir: string;
const dataDir = () => dir;
const cli = (...args: string[]) => runCliInProcess([...args, '--data-dir', dataDir(), '--backend', 'local']);
const json = async <T>(...args: string[]): Promise<T> => {
  const result = await cli(...args, '--json');
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
};

/** Reads the warehouse directly (between CLI runs, when no process holds it). */
async function count(sql: string): Promise<number> {
  const backend = await LocalDuckDbBackend.open({ ...localWarehouse(dataDir()), readOnly: true });
  try {
    return Number((await backend.query(sql)).rows[0]!.n);
  } finally {
    await backend.close();
  }
}
const historyRows = () => count('SELECT count(*) AS n FROM _SNOWFLAKE_EMULATION.task_history');
const bronzeRows = () => count('SELECT count(*) AS n FROM BRONZE.BRONZE_TRANSACTIONS');

beforeAll(() => {
  dir = copyBronzeWarehouse('c360-orch-cli-');
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('c360-demo tasks / stream / share', () => {
  it('tasks show prints the DAG as a table and as JSON', async () => {
    const table = await cli('tasks', 'show');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^name\s+state\s+schedule\s+predecessors/);
    expect(table.stdout).toMatch(/GENERATE_CUSTOMER_DATA\s+started\s+USING CRON 0 2 \* \* SUN UTC/);
    const tasks = await json<{ name: string; predecessors: string[] }[]>('tasks', 'show');
    expect(tasks.map((t) => t.name)).toHaveLength(6);
    expect(tasks.find((t) => t.name === 'TRAIN_CHURN_MODEL')!.predecessors).toEqual(['RUN_DBT_TRANSFORMATIONS']);
  });

  it('refuses bad input with one clear line, exit 2 and no state change', async () => {
    const historyBefore = await historyRows();
    const bronzeBefore = await bronzeRows();
    const cases: [string[], RegExp][] = [
      [['tasks', 'execute', 'no_such_task'], /Task 'NO_SUCH_TASK' does not exist or not authorized\./],
      [['tasks', 'execute', 'train_churn_model'], /Cannot execute task 'TRAIN_CHURN_MODEL'/],
      [['tasks', 'history', '--limit', '0'], /--limit must be a positive whole number/],
      [['stream', 'append', '0'], /positive whole number/],
      [['stream', 'append', 'ten'], /positive whole number/],
      [['share', 'query', 'DELETE FROM GOLD.SHARED_SEGMENT_SUMMARY'], /Insufficient privileges/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe('');
    }
    expect(await historyRows()).toBe(historyBefore);
    expect(await bronzeRows()).toBe(bronzeBefore);
  });

  it('stream append then status shows the pending rows; process fails cleanly without the fact table', async () => {
    expect((await cli('stream', 'append', '3')).stdout).toMatch(/appended 3 row\(s\).*3 pending/);
    const status = await json<{ has_data: boolean; pending_rows: number; rows: Record<string, unknown>[] }>('stream', 'status');
    expect(status).toMatchObject({ has_data: true, pending_rows: 3 });
    expect(status.rows[0]).toHaveProperty('METADATA$ROW_ID');
    const text = await cli('stream', 'status');
    expect(text.stdout).toContain("SYSTEM$STREAM_HAS_DATA('BRONZE_TRANSACTIONS_STREAM') = TRUE; 3 pending row(s)");
    // No dbt build in this warehouse: the task fails, records why, and the stream keeps its rows.
    const processed = await cli('stream', 'process');
    expect(processed.status).toBe(1);
    expect(processed.stdout).toMatch(/PROCESS_INCREMENTAL_TRANSACTIONS\s+FAILED/);
    expect((await json<{ pending_rows: number }>('stream', 'status')).pending_rows).toBe(3);
    const history = await json<{ name: string; state: string; error_message: string }[]>('tasks', 'history', '--task', 'process_incremental_transactions');
    expect(history.find((r) => r.state === 'FAILED')!.error_message).toMatch(/GOLD\.FCT_TRANSACTIONS' does not exist or not authorized/);
  });

  it('share show says when there is no share yet', async () => {
    const result = await cli('share', 'show');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/no share yet/);
    expect((await json<{ shares: unknown[] }>('share', 'show')).shares).toEqual([]);
  });

  it('share refresh without a gold layer fails with a message that says what to do', async () => {
    const backend = await LocalDuckDbBackend.open({ ...localWarehouse(dataDir()) });
    try {
      await expect(refreshShareLocal(backend)).rejects.toThrow(/GOLD\.CUSTOMER_360_PROFILE, GOLD\.CUSTOMER_SEGMENTS, which do not exist yet.*dbt build/);
    } finally {
      await backend.close();
    }
  });
});
