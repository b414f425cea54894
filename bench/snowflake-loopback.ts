/**
 * `npm run bench` hook: the Snowflake backend's own overhead, measured through the real
 * snowflake-sdk against the loopback server (no network, so the figures are the driver + the
 * async submit/poll/fetch protocol, not Snowflake's compute).
 */
import { LocalDuckDbBackend } from '../src/backends/local/duckdb-backend.js';
import { localWarehouse } from '../test/support/pack.js';
import { SnowflakeBackend } from '../src/backends/snowflake/backend.js';
import { startLoopbackServer } from '../test/support/snowflake/loopback-server.js';

export interface SnowflakeLoopbackBench {
  /** Login through the driver (first connection also pays for loading snowflake-sdk). */
  connectMs: number;
  /** A trivial statement: submit (asyncExec) + status poll + result fetch. */
  roundTripMedianMs: number;
  roundTripP95Ms: number;
  /** The same aggregate over BRONZE, through the driver and directly on DuckDB. */
  aggregateViaDriverMs: number;
  aggregateDirectMs: number;
  /** From AbortSignal.abort() to the statement's rejection, abort-request included. */
  cancelMs: number;
}

const AGGREGATE = `SELECT c.customer_segment, count(*) AS transactions, round(sum(t.transaction_amount), 2) AS spend
  FROM BRONZE.BRONZE_CUSTOMERS c JOIN BRONZE.BRONZE_TRANSACTIONS t USING (customer_id) GROUP BY 1 ORDER BY 1`;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Needs a warehouse with bronze data in `dataDir` (opened read-only). */
export async function benchSnowflakeLoopback(options: { dataDir: string; iterations?: number }): Promise<SnowflakeLoopbackBench> {
  const local = await LocalDuckDbBackend.open({ ...localWarehouse(options.dataDir), readOnly: true });
  const server = await startLoopbackServer({ backend: local, users: { BENCH: 'bench-password' } });
  try {
    let started = performance.now();
    const sf = await SnowflakeBackend.connect(
      {
        source: 'bench',
        account: 'loopback',
        user: 'BENCH',
        password: 'bench-password',
        authenticator: 'SNOWFLAKE',
        role: 'SYSADMIN',
        warehouse: 'C360_WH',
        database: 'CUSTOMER_ANALYTICS',
        accessUrl: server.url,
        connectTimeoutMs: 10_000,
      },
      local.pack,
    );
    const connectMs = performance.now() - started;
    try {
      const trips: number[] = [];
      for (let i = 0; i < (options.iterations ?? 30); i++) trips.push((await sf.query('SELECT CURRENT_ROLE()')).elapsedMs);
      const aggregateViaDriverMs = (await sf.query(AGGREGATE)).elapsedMs;
      const aggregateDirectMs = (await local.query(AGGREGATE)).elapsedMs;
      const controller = new AbortController();
      setTimeout(() => {
        started = performance.now();
        controller.abort();
      }, 300);
      await sf.query('SELECT SYSTEM$WAIT(30)', { signal: controller.signal }).catch(() => undefined);
      const cancelMs = performance.now() - started;
      return {
        connectMs,
        roundTripMedianMs: quantile(trips, 0.5),
        roundTripP95Ms: quantile(trips, 0.95),
        aggregateViaDriverMs,
        aggregateDirectMs,
        cancelMs,
      };
    } finally {
      await sf.close();
    }
  } finally {
    await server.close();
    await local.close();
  }
}
