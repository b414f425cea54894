/**
 * A stand-in renderer for dbt/models/ml/fct_churn_training.sql on DuckDB, used by the churn tests
 * when the project's dbt runner (src/dbt/) is not available: ref() and source() become the
 * warehouse's schema-qualified names, and the cross-database macros render as dbt-duckdb renders them.
 */
import fs from 'node:fs';
import nunjucks from 'nunjucks';
import { repoPath } from '../../src/util/paths.js';

export const FEATURE_MODEL_PATH = repoPath('dbt', 'models', 'ml', 'fct_churn_training.sql');

export function renderFeatureModelForDuckDb(sql = fs.readFileSync(FEATURE_MODEL_PATH, 'utf8')): string {
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
  const dbt = {
    dateadd: (datepart: string, interval: number | string, from: string) => `(${from} + interval (${interval}) ${datepart})`,
    datediff: (first: string, second: string, datepart: string) => `date_diff('${datepart}', (${first})::timestamp, (${second})::timestamp)`,
    date_trunc: (datepart: string, date: string) => `date_trunc('${datepart}', ${date})`,
  };
  return env.renderString(sql, {
    config: () => '',
    dbt,
    source: (schema: string, table: string) => `${schema.toUpperCase()}.${table.toUpperCase()}`,
    ref: (model: string) => `GOLD.${model.toUpperCase()}`,
  });
}
