import fs from 'node:fs';
import { UserError } from '../core/errors.js';
import { packPath, readPackFile, type Pack } from '../core/pack.js';
import { isKeyword, normalizeIdentifier, splitStatements, tokenize } from '../util/sql-split.js';

/**
 * The share as sql/collaboration/create_share.sql (the share, USAGE grants) and secure_views.sql (the
 * views and their SELECT grants) define it: the one definition for both sides.
 */
export interface ShareDefinition {
  name: string;
  comment: string | null;
  database: string;
  grants: { privilege: string; on: 'DATABASE' | 'SCHEMA' | 'VIEW' | 'TABLE'; object: string }[];
  /** The secure views' CREATE statements from secure_views.sql, as written. */
  viewStatements: string[];
}

/** Where a pack that shares data keeps the share, under sql/<pack>/. */
export const CREATE_SHARE_FILE = ['collaboration', 'create_share.sql'] as const;
export const SECURE_VIEWS_FILE = ['collaboration', 'secure_views.sql'] as const;

export function parseShare(createShare: string, secureViews: string): ShareDefinition {
  let name = '';
  let comment: string | null = null;
  const grants: ShareDefinition['grants'] = [];
  for (const statement of [...splitStatements(createShare), ...splitStatements(secureViews)]) {
    const tokens = tokenize(statement.text);
    if (isKeyword(tokens[0], 'CREATE') && tokens.some((t) => isKeyword(t, 'SHARE'))) {
      const at = tokens.findIndex((t) => isKeyword(t, 'SHARE'));
      let i = at + 1;
      if (isKeyword(tokens[i], 'IF')) i += 3;
      name = normalizeIdentifier(tokens[i]!);
      const c = tokens.findIndex((t) => isKeyword(t, 'COMMENT'));
      if (c >= 0) comment = tokens[c + 2]?.value ?? null;
    } else if (isKeyword(tokens[0], 'GRANT')) {
      const on = tokens.findIndex((t) => isKeyword(t, 'ON'));
      const to = tokens.findIndex((t) => isKeyword(t, 'TO'));
      if (on < 0 || to < 0 || !isKeyword(tokens[to + 1], 'SHARE')) continue;
      grants.push({
        privilege: tokens
          .slice(1, on)
          .map((t) => t.value.toUpperCase())
          .join(' '),
        on: tokens[on + 1]!.value.toUpperCase() as ShareDefinition['grants'][number]['on'],
        object: normalizeIdentifier(tokens[on + 2]!),
      });
    }
  }
  if (!name) throw new Error('create_share.sql: no CREATE SHARE statement');
  const database = grants.find((g) => g.on === 'DATABASE')?.object ?? 'CUSTOMER_ANALYTICS';
  const viewStatements = splitStatements(secureViews)
    .map((s) => s.text)
    .filter((t) => /^CREATE\b/i.test(t));
  return { name, comment, database, grants, viewStatements };
}

const cached = new Map<string, ShareDefinition>();

/** Whether the pack defines a secure share (sql/<pack>/collaboration/create_share.sql). */
export function packHasShare(pack: Pick<Pack, 'name'>): boolean {
  return fs.existsSync(packPath(pack, 'sql', ...CREATE_SHARE_FILE));
}

/** The pack's share; a pack without one is bad input for the share commands. */
export function loadShare(pack: Pick<Pack, 'name'>): ShareDefinition {
  let share = cached.get(pack.name);
  if (!share) {
    if (!packHasShare(pack)) throw new UserError(`the ${pack.name} pack has no secure share`, undefined, 'see `c360-demo --help` for what this pack offers');
    share = parseShare(readPackFile(pack, 'sql', ...CREATE_SHARE_FILE), readPackFile(pack, 'sql', ...SECURE_VIEWS_FILE));
    cached.set(pack.name, share);
  }
  return share;
}

/** Granted views as { schema, name } (upper-case), from the share definition. */
export function grantedViews(share: ShareDefinition): { database: string; schema: string; name: string; qualified: string }[] {
  return share.grants
    .filter((g) => g.on === 'VIEW' && g.privilege.includes('SELECT'))
    .map((g) => {
      const parts = g.object.split('.');
      const name = parts[parts.length - 1]!;
      const schema = parts[parts.length - 2] ?? 'GOLD';
      const database = parts[parts.length - 3] ?? share.database;
      return { database, schema, name, qualified: `${database}.${schema}.${name}` };
    });
}

/** A secure view statement as DuckDB runs it: no SECURE, no COPY GRANTS. */
export function toDuckDbView(statement: string): string {
  return statement
    .replace(/\bCREATE\s+OR\s+REPLACE\s+SECURE\s+VIEW\b/i, 'CREATE OR REPLACE VIEW')
    .replace(/\bCREATE\s+SECURE\s+VIEW\b/i, 'CREATE VIEW')
    .replace(/\s+COPY\s+GRANTS\b/i, '');
}
