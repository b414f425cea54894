import path from 'node:path';

/**
 * Where a pack's local warehouse lives. Apart from the backend so that code which only looks for
 * the file (the presenter's pack choice, before its first frame) does not load DuckDB's native
 * module to do so.
 */
export const WAREHOUSE_FILE = 'warehouse.duckdb';

export function warehousePath(dataDir: string): string {
  return path.join(dataDir, WAREHOUSE_FILE);
}
