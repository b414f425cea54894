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

/** Transactions per customer at full activity, used to size progress estimates. */
const TRANSACTIONS_PER_CUSTOMER = 230;

/** Cumulative weights as SQL literals (the last one, 1, left out): the cut points of a weighted draw. */
function thresholds(weights: number[]): string[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let running = 0;
  return weights.slice(0, -1).map((w) => {
    running += w;
    return (running / total).toFixed(6);
  });
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The in-memory database generation stages its inputs in: the customers before they are copied
 * into BRONZE, and the customer-months transactions are expanded from. Its small row groups are
 * what lets the ordered write of the transactions use every thread: DuckDB writes in order one
 * source row group at a time, and a 122,880-row group of customer-months (the warehouse's
 * default) is ~1.7M transactions, which kept all but one thread waiting.
 */
const STAGE = 'generation_stage';
const STAGE_ROW_GROUP_SIZE = 8_192;

/** The two generation scripts: customer_months.sql (staging, before the transaction) and transactions.sql (inside it). */
export function renderGenerationSql(params: GenerationParams): { customerMonths: string; transactions: string } {
  // 1-based positions in MERCHANT_CATEGORIES, as the SQL's category table numbers them.
  const essentials = MERCHANT_CATEGORIES.flatMap((c, i) => (ESSENTIAL_CATEGORY_WEIGHTS[c] ? [{ index: i + 1, weight: ESSENTIAL_CATEGORY_WEIGHTS[c] }] : []));
  const discretionary = MERCHANT_CATEGORIES.flatMap((c, i) => (ESSENTIAL_CATEGORY_WEIGHTS[c] ? [] : [i + 1]));
  // Every category's merchants in one list; a category's are the merchant_counts[i] after merchant_offsets[i].
  const merchantLists = MERCHANT_CATEGORIES.map((c) => MERCHANTS[c]);
  const offsets = merchantLists.map((_, i) => merchantLists.slice(0, i).reduce((n, list) => n + list.length, 0));
  const context = {
    stage: STAGE,
    seed: params.seed,
    as_of: params.asOf,
    window_start: windowStartFor(params.asOf),
    months: HISTORY_MONTHS,
    essential_indexes: essentials.map((e) => e.index).join(', '),
    essential_thresholds: thresholds(essentials.map((e) => e.weight)),
    discretionary_indexes: discretionary.join(', '),
    segments: SEGMENTS.map((s) => ({
      ...s,
      categoryThresholds: thresholds(MERCHANT_CATEGORIES.map((c) => s.categoryWeights[c])),
      channelThresholds: thresholds(CHANNELS.map((c) => s.channelWeights[c])),
    })),
    category_names: MERCHANT_CATEGORIES.map(sqlString).join(', '),
    amount_factors: MERCHANT_CATEGORIES.map((c) => AMOUNT_FACTOR[c]).join(', '),
    merchants: merchantLists.flat().map(sqlString).join(', '),
    merchant_offsets: offsets.join(', '),
    merchant_counts: merchantLists.map((list) => list.length).join(', '),
  };
  return {
    customerMonths: renderSqlFile(['src', 'scenario', 'credit-card', 'generate', 'customer_months.sql'], context),
    transactions: renderSqlFile(['src', 'scenario', 'credit-card', 'generate', 'transactions.sql'], context),
  };
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
  const appender = await backend.duckdb.createAppender('BRONZE_CUSTOMERS', 'main', STAGE);

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
  const appender = await backend.duckdb.createAppender('BRONZE_CREDIT_LIMIT_CHANGES', 'main', STAGE);

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
  const sql = renderGenerationSql(params);
  // Staging is a database in memory, outside the transaction and detached however the run ends:
  // an interrupted run leaves nothing behind, in the warehouse file or in this connection.
  let customerSeconds = 0;
  let transactionSeconds = 0;
  try {
    await backend.execute(`DETACH DATABASE IF EXISTS ${STAGE}; ATTACH ':memory:' AS ${STAGE} (ROW_GROUP_SIZE ${STAGE_ROW_GROUP_SIZE});`, { signal });
    await backend.execute(renderBronzeTables(`${STAGE}.main`), { signal });
    await appendCustomers(backend, customers);
    await appendLimitChanges(backend, limitChanges);
    customerSeconds = (performance.now() - customerStarted) / 1000;
    onProgress?.({ stage: 'generate customers', fraction: 1 });

    const transactionStarted = performance.now();
    const estimateSeconds = (params.customers * TRANSACTIONS_PER_CUSTOMER) / 1_500_000;
    await withHeartbeat('generate transactions', onProgress, estimateSeconds, async () => {
      await backend.execute(sql.customerMonths, { signal });
      await backend.transaction(async () => {
        await backend.execute(renderBronzeTables('BRONZE'), { signal });
        await backend.execute(
          `INSERT INTO BRONZE.BRONZE_CUSTOMERS SELECT * FROM ${STAGE}.BRONZE_CUSTOMERS ORDER BY customer_id;` +
            `INSERT INTO BRONZE.BRONZE_CREDIT_LIMIT_CHANGES SELECT * FROM ${STAGE}.BRONZE_CREDIT_LIMIT_CHANGES ORDER BY change_id;`,
          { signal },
        );
        await backend.execute(sql.transactions, { signal });
      });
    });
    transactionSeconds = (performance.now() - transactionStarted) / 1000;
  } finally {
    await backend.execute(`DETACH DATABASE IF EXISTS ${STAGE}`);
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
