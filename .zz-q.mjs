import { DuckDBInstance } from '@duckdb/node-api';
const [file, sql] = process.argv.slice(2);
const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
const c = await db.connect();
const r = await c.runAndReadAll(sql);
console.table(r.getRowObjectsJson());
