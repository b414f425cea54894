import type { Backend } from '../../backends/backend.js';
import { UserError } from '../../core/errors.js';
import { checkConsumerQuery, referencedRelations } from '../consumer.js';
import { loadDag } from '../dag.js';
import { grantedViews, loadShare, toDuckDbView } from '../share-definition.js';
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
  await ensureEmulation(backend, loadDag());
  const share = loadShare();
  const now = new Date();
  const { relationExists } = await import('./stream.js');
  const sources = [...new Set(share.viewStatements.flatMap((v) => [...v.matchAll(/\bFROM\s+(?:CUSTOMER_ANALYTICS\.)?(\w+\.\w+)/gi)].map((m) => m[1]!.toUpperCase())))];
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
  return { views: grantedViews(share).map((v) => v.qualified) };
}

async function shareRow(backend: Backend): Promise<Record<string, unknown> | undefined> {
  await ensureEmulation(backend, loadDag());
  const share = loadShare();
  const result = await backend.query(`SELECT * FROM ${EMULATION_SCHEMA}.shares WHERE name = ${sqlString(share.name)}`);
  return result.rows[0];
}

function notCreatedYet(): UserError {
  const share = loadShare();
  return new UserError(
    `Share '${share.name}' does not exist or not authorized.`,
    undefined,
    'create it with the pipeline (`c360-demo pipeline`) or `c360-demo tasks execute generate_customer_data` (its last task refreshes the share)',
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
  if (!share) throw notCreatedYet();
  const grants = await backend.query(
    `SELECT granted_on, object_name, granted_at FROM ${EMULATION_SCHEMA}.share_grants WHERE share_name = ${sqlString(share.name)} ` +
      `ORDER BY CASE granted_on WHEN 'DATABASE' THEN 1 WHEN 'SCHEMA' THEN 2 ELSE 3 END, object_name`,
  );
  return {
    share,
    objects: grants.rows.map((g) => ({
      kind: String(g.granted_on) as 'DATABASE' | 'SCHEMA' | 'VIEW',
      name: String(g.object_name),
      shared_on: isoTime(g.granted_at)!,
    })),
  };
}

/** Names of every relation in the warehouse (for the consumer check's CTE-shadowing rule). */
async function allRelationNames(backend: Backend): Promise<Set<string>> {
  const result = await backend.query('SELECT DISTINCT upper(table_name) AS name FROM information_schema.tables');
  return new Set(result.rows.map((r) => String(r.name)));
}

/**
 * A query as the share's consumer runs it: only the views granted to the share exist; it runs
 * with GOLD as the current schema, as in a database created from the share.
 */
export async function shareQueryLocal(backend: Backend, sql: string): Promise<ShareQueryResult> {
  // DML and unparsable SQL are refused before anything else is looked at.
  await referencedRelations(sql);
  const row = await shareRow(backend);
  if (!row) throw notCreatedYet();
  const grants = await backend.query(
    `SELECT object_name FROM ${EMULATION_SCHEMA}.share_grants WHERE share_name = ${sqlString(String(row.name))} AND granted_on = 'VIEW' AND privilege LIKE '%SELECT%'`,
  );
  const granted = grants.rows.map((g) => {
    const parts = String(g.object_name).split('.');
    return { name: parts[parts.length - 1]!, schema: parts[parts.length - 2] ?? 'GOLD', database: parts[parts.length - 3] ?? String(row.database_name) };
  });
  const relations = await allRelationNames(backend);
  for (const g of granted) relations.delete(g.name);
  const check = await checkConsumerQuery(sql, granted, relations);
  const schema = granted[0]?.schema ?? 'GOLD';
  await backend.execute(`USE ${String(row.database_name)}.${schema}`);
  try {
    const result = await backend.query(sql.trim().replace(/;\s*$/, ''));
    return { columns: result.columns, rows: result.rows, elapsedMs: result.elapsedMs, views: check.views };
  } catch (err) {
    throw new UserError(`SQL compilation error: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
  } finally {
    await backend.execute(`USE ${String(row.database_name)}`);
  }
}
