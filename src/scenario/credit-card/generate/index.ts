import { dateValue, decimalValue, type DuckDBAppender } from '@duckdb/node-api';
import type { ProgressListener } from '../../../backends/backend.js';
import type { LocalDuckDbBackend } from '../../../backends/local/duckdb-backend.js';
import { renderSqlFile } from '../../../util/sql-template.js';
import { withHeartbeat } from '../../../pipeline/progress.js';
import { CHANNELS, ESSENTIAL_CATEGORY_WEIGHTS, MERCHANTS, MERCHANT_CATEGORIES, SEGMENTS } from '../segments.js';
import { generateCustomers, type CreditLimitChangeRow, type CustomerRow } from './customers.js';
import { ensureWarehouseSchemas } from '../../../warehouse/schemas.js';

export interface GenerationParams {
  customers: number;
  seed: number;
  /** Last day of history (YYYY-MM-DD). */
  asOf: string;
}

export interface GenerationResult {
  customers: number;
  transactions: number;
  creditLimitChanges: number;
  windowStart: string;
  asOf: string;
  customerSeconds: number;
  transactionSeconds: number;
}

/** Months of history, as the seed has it. */
export const HISTORY_MONTHS = 18;

/** Relative ticket size per category: flights and hotels cost more than a coffee. */
const AMOUNT_FACTOR: Record<string, number> = {
  Travel: 3.2,
  Dining: 0.6,
  Grocery: 1.0,
  Gas: 0.8,
  Retail: 1.2,
  Entertainment: 0.9,
  Utilities: 1.5,
  Healthcare: 1.3,
  'Home Improvement': 1.8,
  'Digital Services': 0.35,
};

/** First day of the history window: the first of the month, HISTORY_MONTHS months back, as-of's month included. */
export function windowStartFor(asOf: string): string {
  const [year, month] = asOf.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(year, month - 1 - (HISTORY_MONTHS - 1), 1));
  return start.toISOString().slice(0, 10);
}

/**
 * Customers whose transactions are generated and written by one statement (~2.3M rows at full
 * activity): small enough for the id-order sort to stay in memory, large enough to use every thread.
 */
const CUSTOMERS_PER_BLOCK = 10_000;

/** Consecutive customer-number ranges, 1..customers, CUSTOMERS_PER_BLOCK at a time. */
function customerBlocks(customers: number): { first: number; last: number }[] {
  const blocks = [];
  for (let first = 1; first <= Math.max(customers, 1); first += CUSTOMERS_PER_BLOCK) {
    blocks.push({ first, last: Math.min(Math.max(customers, 1), first + CUSTOMERS_PER_BLOCK - 1) });
  }
  return blocks;
}

/** Transactions per customer at full activity, used to size progress estimates. */
const TRANSACTIONS_PER_CUSTOMER = 230;

function thresholds(weights: number[]): string {
  const total = weights.reduce((a, b) => a + b, 0);
  let running = 0;
  const cuts = weights.slice(0, -1).map((w) => {
    running += w;
    return (running / total).toFixed(6);
  });
  return `[${cuts.join(', ')}]`;
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function renderTransactionSql(params: GenerationParams): string {
  // 1-based positions in MERCHANT_CATEGORIES, as the SQL's category table numbers them.
  const essentials = MERCHANT_CATEGORIES.flatMap((c, i) => (ESSENTIAL_CATEGORY_WEIGHTS[c] ? [{ index: i + 1, weight: ESSENTIAL_CATEGORY_WEIGHTS[c] }] : []));
  const discretionary = MERCHANT_CATEGORIES.flatMap((c, i) => (ESSENTIAL_CATEGORY_WEIGHTS[c] ? [] : [i + 1]));
  return renderSqlFile(['src', 'scenario', 'credit-card', 'generate', 'transactions.sql'], {
    seed: params.seed,
    as_of: params.asOf,
    window_start: windowStartFor(params.asOf),
    months: HISTORY_MONTHS,
    customer_blocks: customerBlocks(params.customers),
    essential_indexes: essentials.map((e) => e.index).join(', '),
    essential_thresholds: thresholds(essentials.map((e) => e.weight)),
    discretionary_indexes: discretionary.join(', '),
    segments: SEGMENTS.map((s) => ({
      ...s,
      categoryThresholds: thresholds(MERCHANT_CATEGORIES.map((c) => s.categoryWeights[c])),
      channelThresholds: thresholds(CHANNELS.map((c) => s.channelWeights[c])),
    })),
    categories: MERCHANT_CATEGORIES.map((name) => ({
      name,
      amountFactor: AMOUNT_FACTOR[name],
      merchants: `[${MERCHANTS[name].map(sqlString).join(', ')}]`,
    })),
  });
}

function renderBronzeTables(schema: string): string {
  return renderSqlFile(['src', 'scenario', 'credit-card', 'generate', 'bronze_tables.sql'], { schema });
}

const DAY_ZERO = Date.UTC(1970, 0, 1);
function duckDate(isoDate: string) {
  return dateValue(Math.round((Date.parse(`${isoDate}T00:00:00Z`) - DAY_ZERO) / 86_400_000));
}

function appendVarcharOrNull(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

async function appendCustomers(backend: LocalDuckDbBackend, rows: CustomerRow[]): Promise<void> {
  const appender = await backend.duckdb.createAppender('BRONZE_CUSTOMERS', '_stage');

  for (const r of rows) {
    appender.appendVarchar(r.customer_id);
    appender.appendVarchar(r.first_name);
    appender.appendVarchar(r.last_name);
    appender.appendVarchar(r.email);
    appender.appendInteger(r.age);
    appender.appendVarchar(r.state);
    appender.appendVarchar(r.city);
    appender.appendVarchar(r.employment_status);
    appender.appendVarchar(r.card_type);
    appender.appendDecimal(decimalValue(BigInt(Math.round(r.credit_limit * 100)), 12, 2));
    appender.appendDate(duckDate(r.account_open_date));
    appender.appendVarchar(r.customer_segment);
    appendVarcharOrNull(appender, r.decline_type);
    appender.endRow();
  }
  appender.closeSync();
}

async function appendLimitChanges(backend: LocalDuckDbBackend, rows: CreditLimitChangeRow[]): Promise<void> {
  const appender = await backend.duckdb.createAppender('BRONZE_CREDIT_LIMIT_CHANGES', '_stage');

  for (const r of rows) {
    appender.appendBigInt(BigInt(r.change_id));
    appender.appendVarchar(r.customer_id);
    appender.appendDate(duckDate(r.effective_date));
    appender.appendDecimal(decimalValue(BigInt(Math.round(r.previous_credit_limit * 100)), 12, 2));
    appender.appendDecimal(decimalValue(BigInt(Math.round(r.new_credit_limit * 100)), 12, 2));
    appender.appendVarchar(r.change_reason);
    appender.endRow();
  }
  appender.closeSync();
}

/**
 * Generates the bronze layer. Customers come from a seeded faker in this process (50,000 rows take
 * well under a second); transactions are generated by SQL inside DuckDB. Everything that replaces
 * BRONZE happens in one transaction, so Ctrl-C or a crash leaves the previous warehouse whole.
 */
export async function generateBronze(
  backend: LocalDuckDbBackend,
  params: GenerationParams,
  options: { onProgress?: ProgressListener; signal?: AbortSignal } = {},
): Promise<GenerationResult> {
  const { onProgress, signal } = options;
  const windowStart = windowStartFor(params.asOf);
  await ensureWarehouseSchemas(backend);

  const customerStarted = performance.now();
  onProgress?.({ stage: 'generate customers', fraction: 0, message: `${params.customers.toLocaleString('en-US')} customers` });
  const { customers, limitChanges } = generateCustomers({ ...params, windowStart });
  // Staging lives outside the transaction (it holds only the small customer tables) and is
  // dropped however the run ends, so an interrupted run leaves nothing behind.
  let customerSeconds = 0;
  let transactionSeconds = 0;
  try {
    await backend.execute('DROP SCHEMA IF EXISTS _stage CASCADE; CREATE SCHEMA _stage;', { signal });
    await backend.execute(renderBronzeTables('_stage'), { signal });
    await appendCustomers(backend, customers);
    await appendLimitChanges(backend, limitChanges);
    customerSeconds = (performance.now() - customerStarted) / 1000;
    onProgress?.({ stage: 'generate customers', fraction: 1 });

    const transactionStarted = performance.now();
    const transactionSql = renderTransactionSql(params);
    const estimateSeconds = (params.customers * TRANSACTIONS_PER_CUSTOMER) / 1_500_000;
    await withHeartbeat('generate transactions', onProgress, estimateSeconds, () =>
      backend.transaction(async () => {
        await backend.execute(renderBronzeTables('BRONZE'), { signal });
        await backend.execute(
          'INSERT INTO BRONZE.BRONZE_CUSTOMERS SELECT * FROM _stage.BRONZE_CUSTOMERS ORDER BY customer_id;' +
            'INSERT INTO BRONZE.BRONZE_CREDIT_LIMIT_CHANGES SELECT * FROM _stage.BRONZE_CREDIT_LIMIT_CHANGES ORDER BY change_id;',
          { signal },
        );
        await backend.execute(transactionSql, { signal });
      }),
    );
    transactionSeconds = (performance.now() - transactionStarted) / 1000;
  } finally {
    await backend.execute('DROP SCHEMA IF EXISTS _stage CASCADE');
  }
  const count = await backend.query('SELECT count(*) AS n FROM BRONZE.BRONZE_TRANSACTIONS');
  return {
    customers: customers.length,
    transactions: Number(count.rows[0]!.n),
    creditLimitChanges: limitChanges.length,
    windowStart,
    asOf: params.asOf,
    customerSeconds,
    transactionSeconds,
  };
}
