import type { Backend } from '../backends/backend.js';

/** Creates the pack's schemas (its manifest lists them) where they are missing. */
export async function ensureWarehouseSchemas(backend: Backend): Promise<void> {
  await backend.execute(backend.pack.schemas.map((s) => `CREATE SCHEMA IF NOT EXISTS ${s};`).join('\n'));
}

/** True when the table SCHEMA.TABLE exists (works on DuckDB and Snowflake through information_schema). */
export async function tableExists(backend: Backend, qualified: string): Promise<boolean> {
  const [schema, table] = qualified.split('.').slice(-2) as [string, string];
  const result = await backend.query(
    `SELECT count(*) AS n FROM information_schema.tables WHERE upper(table_schema) = '${schema.toUpperCase()}' AND upper(table_name) = '${table.toUpperCase()}'`,
  );
  return Number(result.rows[0]?.n ?? 0) > 0;
}
