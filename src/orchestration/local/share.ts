import fs from 'node:fs';
import path from 'node:path';
import type { Backend, SqlValue } from '../../backends/backend.js';
import { LocalDuckDbBackend } from '../../backends/local/duckdb-backend.js';
import { toSqlValue } from '../../backends/local/values.js';
import { ExitCode, UserError } from '../../core/errors.js';
import { notAuthorized, referencedRelations, type RelationRef } from '../consumer.js';
import { loadDag } from '../dag.js';
import { grantedViews, loadShare, toDuckDbView, type ShareDefinition } from '../share-definition.js';
import type { ShareDescription, ShareInfo, ShareQueryResult } from '../types.js';
import { EMULATION_SCHEMA, ensureEmulation, isoTime, sqlString, sqlTimestamp } from './store.js';

/** The consumer account the local share lists (create_share.sql takes it as a parameter). */
export function localConsumerAccount(): string {
  return process.env.C360_SHARE_CONSUMER?.trim() || 'LOCAL_CONSUMER.C360_PARTNER';
}

/**
 * The 'share refresh' work: (re)creates the secure views of secure_views.sql and records the
 * share and its grants as create_share.sql declares them, all in one transaction.
 */
export async function refreshShareLocal(backend: Backend): Promise<{ views: string[] }> {
  await ensureEmulation(backend, loadDag(backend.pack));
  const share = loadShare(backend.pack);
  const now = new Date();
  const { relationExists } = await import('./stream.js');
  const sources = [
    ...new Set(share.viewStatements.flatMap((v) => [...v.matchAll(/\bFROM\s+(?:CUSTOMER_ANALYTICS\.)?(\w+\.\w+)/gi)].map((m) => m[1]!.toUpperCase()))),
  ];
  const missing: string[] = [];
  for (const source of sources) if (!(await relationExists(backend, source))) missing.push(source);
  if (missing.length > 0) {
    throw new Error(`the secure views read ${missing.join(', ')}, which do not exist yet (build the gold layer first: c360-demo dbt build)`);
  }
  await backend.transaction(async () => {
    for (const statement of share.viewStatements) await backend.execute(toDuckDbView(statement));
    await backend.execute(`DELETE FROM ${EMULATION_SCHEMA}.share_grants WHERE share_name = ${sqlString(share.name)}`);
    for (const grant of share.grants) {
      await backend.execute(
        `INSERT INTO ${EMULATION_SCHEMA}.share_grants VALUES (${sqlString(share.name)}, ${sqlString(grant.privilege)}, ` +
          `${sqlString(grant.on)}, ${sqlString(grant.object)}, ${sqlTimestamp(now)})`,
      );
    }
    const existing = await backend.query(`SELECT created_on FROM ${EMULATION_SCHEMA}.shares WHERE name = ${sqlString(share.name)}`);
    if (existing.rows.length === 0) {
      await backend.execute(
        `INSERT INTO ${EMULATION_SCHEMA}.shares VALUES (${sqlString(share.name)}, ${sqlString(share.database)}, 'ACCOUNTADMIN', ` +
          `${sqlString(share.comment)}, ${sqlString(localConsumerAccount())}, ${sqlTimestamp(now)}, ${sqlTimestamp(now)})`,
      );
    } else {
      await backend.execute(
        `UPDATE ${EMULATION_SCHEMA}.shares SET refreshed_on = ${sqlTimestamp(now)}, comment = ${sqlString(share.comment)}, ` +
          `accounts = ${sqlString(localConsumerAccount())} WHERE name = ${sqlString(share.name)}`,
      );
    }
  });
  await writeConsumerDatabase(backend, share);
  return { views: grantedViews(share).map((v) => v.qualified) };
}

async function shareRow(backend: Backend): Promise<Record<string, unknown> | undefined> {
  await ensureEmulation(backend, loadDag(backend.pack));
  const share = loadShare(backend.pack);
  const result = await backend.query(`SELECT * FROM ${EMULATION_SCHEMA}.shares WHERE name = ${sqlString(share.name)}`);
  return result.rows[0];
}

function notCreatedYet(backend: Backend): UserError {
  const share = loadShare(backend.pack);
  return new UserError(
    `Share '${share.name}' does not exist or not authorized.`,
    undefined,
    'create it with the pipeline (`c360-demo pipeline`), or run the task graph from its root (`c360-demo tasks show`): its last task refreshes the share',
  );
}

export async function showSharesLocal(backend: Backend): Promise<ShareInfo[]> {
  const row = await shareRow(backend);
  if (!row) return [];
  return [
    {
      created_on: isoTime(row.created_on)!,
      kind: 'OUTBOUND',
      name: String(row.name),
      database_name: String(row.database_name),
      to: String(row.accounts ?? ''),
      owner: String(row.owner),
      comment: (row.comment as string | null) ?? null,
    },
  ];
}

export async function describeShareLocal(backend: Backend): Promise<ShareDescription> {
  const [share] = await showSharesLocal(backend);
  if (!share) throw notCreatedYet(backend);
  const grants = await backend.query(
    `SELECT privilege, granted_on, object_name, granted_at FROM ${EMULATION_SCHEMA}.share_grants WHERE share_name = ${sqlString(share.name)} ` +
      `ORDER BY CASE granted_on WHEN 'DATABASE' THEN 1 WHEN 'SCHEMA' THEN 2 ELSE 3 END, object_name`,
  );
  return {
    share,
    objects: grants.rows.map((g) => ({
      kind: String(g.granted_on) as 'DATABASE' | 'SCHEMA' | 'VIEW',
      name: String(g.object_name),
      shared_on: isoTime(g.granted_at)!,
    })),
    grants: grants.rows.map((g) => ({
      created_on: isoTime(g.granted_at)!,
      privilege: String(g.privilege),
      granted_on: String(g.granted_on),
      name: String(g.object_name),
      granted_to: 'SHARE',
      grantee_name: share.name,
      grant_option: 'false',
      granted_by: share.owner,
    })),
  };
}

/** Where the consumer's copy of a share lives: a database that holds only the granted objects. */
export function consumerDatabaseFile(dataDir: string, shareName: string): string {
  return path.join(dataDir, 'share', `${shareName.toLowerCase()}.duckdb`);
}

function dataDirOf(backend: Backend): string {
  if (!(backend instanceof LocalDuckDbBackend)) throw new Error('the local share emulation needs the local warehouse');
  return path.dirname(backend.file);
}

/**
 * Materialises each granted view into the consumer database, as tables (so the consumer sees
 * data, never a view's definition), written to a temporary file and renamed into place so a
 * reader never sees half of it.
 */
async function writeConsumerDatabase(backend: Backend, share: ShareDefinition): Promise<void> {
  const file = consumerDatabaseFile(dataDirOf(backend), share.name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  fs.rmSync(temporary, { force: true });
  await backend.execute(`ATTACH ${sqlString(temporary)} AS ${CONSUMER_ALIAS}`);
  try {
    for (const view of grantedViews(share)) {
      await backend.execute(`CREATE SCHEMA IF NOT EXISTS ${CONSUMER_ALIAS}.${view.schema}`);
      await backend.execute(`CREATE TABLE ${CONSUMER_ALIAS}.${view.schema}.${view.name} AS SELECT * FROM ${view.qualified}`);
    }
  } finally {
    await backend.execute(`DETACH ${CONSUMER_ALIAS}`);
  }
  fs.renameSync(temporary, file);
}

const CONSUMER_ALIAS = 'SHARE_CONSUMER_BUILD';

/** Snowflake's answers for what a consumer may not do or see. */
function consumerError(err: unknown, walked: RelationRef[]): UserError {
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
  if (err instanceof UserError && /only one read-only query/.test(message)) {
    return new UserError(
      `SQL access control error: Insufficient privileges to operate on the shared database: the consumer of a share can only SELECT (${message.replace(/^.*; /, '')}).`,
    );
  }
  const missing = /with name "?([^"!\s]+)"? does not exist/i.exec(message)?.[1];
  if (missing) {
    const written = walked.find((r) => r.table === missing.toUpperCase());
    return notAuthorized(written ? [written.catalog, written.schema, written.table].filter(Boolean).join('.') : missing.toUpperCase());
  }
  if (/Permission Error/i.test(message)) return notAuthorized(/"([^"]+)"/.exec(message)?.[1] ?? 'FILE');
  if (/^syntax error/i.test(message)) return new UserError(`SQL compilation error: ${message}`);
  return new UserError(`SQL compilation error: ${message.replace(/^(query failed: )?[A-Za-z ]+Error:\s*/, '')}`);
}

/**
 * A query as the share's consumer runs it, in a database of its own that holds only the granted
 * objects (written by the share refresh), sealed like every connection that runs typed SQL: no
 * other table, no view definition, no file access exists there to be reached.
 */
export async function shareQueryLocal(backend: Backend, sql: string): Promise<ShareQueryResult> {
  // Statements that are not one query are refused first, in Snowflake's words; the database the
  // query then runs in is what actually keeps everything else out of reach.
  const walked = await referencedRelations(sql);
  if (walked.refused.length > 0) throw notAuthorized(walked.refused[0]!.toUpperCase());
  const share = loadShare(backend.pack);
  const file = consumerDatabaseFile(dataDirOf(backend), share.name);
  if (!fs.existsSync(file)) {
    if (!(await shareRow(backend))) throw notCreatedYet(backend);
    throw new UserError(
      `the consumer's copy of share '${share.name}' is not there yet (${file})`,
      ExitCode.backendUnavailable,
      'refresh the share: c360-demo share refresh',
    );
  }
  const granted = grantedViews(share);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { prepareReadOnly, sealConnection } = await import('../../warehouse/read-only.js');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`ATTACH ${sqlString(file)} AS ${share.database} (READ_ONLY)`);
    await connection.run(`USE ${share.database}.${granted[0]?.schema ?? 'GOLD'}`);
    await sealConnection(connection);
    const started = performance.now();
    const result = await prepareReadOnly(connection, sql)
      .then((prepared) => prepared.runAndReadAll())
      .catch((err: unknown) => {
        throw consumerError(err, walked.refs);
      });
    const columns = result.columnNames();
    const types = result.columnTypes();
    const rows = result.getRowObjectsJS().map((raw) => {
      const out: Record<string, SqlValue> = {};
      columns.forEach((name, i) => {
        out[name] = toSqlValue(raw[name], types[i]);
      });
      return out;
    });
    const read = new Set(walked.refs.map((r) => r.table));
    return {
      columns,
      rows,
      elapsedMs: performance.now() - started,
      views: granted.filter((g) => read.has(g.name)).map((g) => g.qualified),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
