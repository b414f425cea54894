/**
 * What `c360-demo deploy` does to a Snowflake account, as data: an ordered list of steps, each
 * reading files of the package (sql/ scripts, folders to upload). `renderPlan()` turns it into the
 * statements, in order, with a fingerprint per step; nothing here connects.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { importPackModule, type Pack } from '../core/pack.js';
import { packageRoot } from '../util/paths.js';
import { splitStatements } from '../util/sql-split.js';

export const DATABASE = 'CUSTOMER_ANALYTICS';

export type ObjectKind =
  'WAREHOUSE' | 'ROLE' | 'DATABASE' | 'SCHEMA' | 'STAGE' | 'TABLE' | 'PROCEDURE' | 'DBT PROJECT' | 'TASK' | 'STREAM' | 'SHARE' | 'STREAMLIT';

/** An object a step creates: probed before the step first runs, dropped by teardown only if deploy created it. */
export interface OwnedObject {
  kind: ObjectKind;
  /** Fully qualified for objects inside the database. */
  name: string;
  /** What DROP needs after the name (a procedure's argument types). */
  signature?: string;
}

type Action =
  /** A script of the package, run statement by statement. */
  | { sql: string }
  /**
   * Every file under a folder of the package, PUT to a stage. What was there before is removed first,
   * by the step's first upload to that stage: a later one adds its files beside the first's.
   */
  | { upload: string; stage: string; optional?: boolean };

export interface StepDefinition {
  name: string;
  title: string;
  /** The role the step runs as: named in the hint when Snowflake refuses a privilege. */
  role: string;
  actions: Action[];
  creates: OwnedObject[];
}

export interface PlannedStatement {
  sql: string;
  /** Where it comes from: `sql/setup/01_setup.sql:12`, or the folder an upload reads. */
  source: string;
}

export interface PlannedStep {
  name: string;
  title: string;
  role: string;
  statements: PlannedStatement[];
  creates: OwnedObject[];
  /** sha256 of the statements and of every uploaded file: equal fingerprints mean nothing to do. */
  fingerprint: string;
  /** Why the step will not run at all (an optional folder this package does not have). */
  skipReason?: string;
}

/** Directories an upload leaves out: build output and tool state, never part of what runs. */
const SKIPPED_DIRECTORIES = new Set(['target', 'logs', 'dbt_packages', '__pycache__', 'node_modules']);

/** Files under `dir`, relative, sorted, grouped by directory (a PUT takes one directory's files). */
function filesByDirectory(root: string, dir: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  const walk = (relative: string) => {
    const entries = fs.readdirSync(path.join(root, dir, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(child);
      } else if (entry.isFile()) {
        const list = groups.get(relative) ?? [];
        list.push(entry.name);
        groups.set(relative, list);
      }
    }
  };
  walk('');
  return groups;
}

const quote = (text: string) => `'${text.replace(/\\/g, '/').replace(/'/g, "\\'")}'`;

function uploadStatements(root: string, action: { upload: string; stage: string }, hash: crypto.Hash, clear: boolean): PlannedStatement[] {
  const statements: PlannedStatement[] = clear ? [{ sql: `REMOVE @${action.stage}`, source: `${action.upload}/` }] : [];
  for (const [relative, files] of filesByDirectory(root, action.upload)) {
    const local = path.join(root, action.upload, relative);
    for (const file of files) {
      hash.update(`${action.upload}/${relative}/${file}\0`);
      hash.update(fs.readFileSync(path.join(local, file)));
    }
    const target = relative ? `@${action.stage}/${relative}` : `@${action.stage}`;
    // The driver's wildcard matches sub-folders too, which it cannot upload: one PUT per file
    // extension of the folder (a file without one is named as it is).
    const patterns = [...new Set(files.map((file) => (/\.[^.]+$/.test(file) ? `*${/\.[^.]+$/.exec(file)![0]}` : file)))];
    for (const pattern of patterns) {
      const count = pattern.startsWith('*') ? files.filter((f) => f.endsWith(pattern.slice(1))).length : 1;
      statements.push({
        sql: `PUT ${quote(`file://${local.split(path.sep).join('/')}/${pattern}`)} ${target} AUTO_COMPRESS = FALSE OVERWRITE = TRUE`,
        source: `${action.upload}/${relative ? `${relative}/` : ''}${pattern} (${count} file${count === 1 ? '' : 's'})`,
      });
    }
  }
  return statements;
}

export function renderStep(step: StepDefinition, root = packageRoot()): PlannedStep {
  const hash = crypto.createHash('sha256');
  const statements: PlannedStatement[] = [];
  let skipReason: string | undefined;
  const clearedStages = new Set<string>();
  for (const action of step.actions) {
    if ('sql' in action) {
      const script = fs.readFileSync(path.join(root, action.sql), 'utf8');
      for (const statement of splitStatements(script)) {
        statements.push({ sql: statement.text, source: `${action.sql}:${statement.line}` });
      }
    } else if (!fs.existsSync(path.join(root, action.upload))) {
      if (!action.optional) throw new Error(`deploy: the package has no ${action.upload}/ folder`);
      skipReason = `this package has no ${action.upload}/ folder`;
    } else {
      statements.push(...uploadStatements(root, action, hash, !clearedStages.has(action.stage)));
      clearedStages.add(action.stage);
    }
  }
  // Every step runs as its role, also when the steps before it were skipped as unchanged.
  if (statements.length > 0 && !/^USE\s+ROLE\b/i.test(statements[0]!.sql)) statements.unshift({ sql: `USE ROLE ${step.role}`, source: `the step's role` });
  // The checkout's location is not part of what is deployed: the same files from elsewhere are unchanged.
  const local = `file://${root.split(path.sep).join('/')}`;
  for (const statement of statements) hash.update(`${statement.sql.split(local).join('file://<package>')}\0`);
  return {
    name: step.name,
    title: step.title,
    role: step.role,
    statements: skipReason ? [] : statements,
    creates: step.creates,
    fingerprint: hash.digest('hex'),
    ...(skipReason ? { skipReason } : {}),
  };
}

const CREATED_KINDS: ObjectKind[] = ['WAREHOUSE', 'ROLE', 'DATABASE', 'SCHEMA', 'STAGE', 'TABLE', 'PROCEDURE', 'TASK', 'STREAM', 'SHARE', 'STREAMLIT'];
const ACCOUNT_KINDS = new Set<ObjectKind>(['WAREHOUSE', 'ROLE', 'DATABASE', 'SHARE']);
const CREATE_STATEMENT = new RegExp(
  `^CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TRANSIENT\\s+)?(${CREATED_KINDS.join('|')})\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([\\w$.]+)\\s*(\\([^)]*\\))?`,
  'i',
);

/**
 * The objects a script of the package creates, fully qualified as the script's USE DATABASE /
 * USE SCHEMA lines place them (the database is CUSTOMER_ANALYTICS unless the script says
 * otherwise); a procedure with its argument types, as DROP PROCEDURE needs them.
 */
export function createdObjects(script: string, root = packageRoot()): OwnedObject[] {
  let database = DATABASE;
  let schema = 'PUBLIC';
  const objects: OwnedObject[] = [];
  for (const { text } of splitStatements(fs.readFileSync(path.join(root, script), 'utf8'))) {
    const use = /^USE\s+(DATABASE|SCHEMA)\s+([\w$.]+)$/i.exec(text.trim());
    if (use) {
      const parts = use[2]!.toUpperCase().split('.');
      if (use[1]!.toUpperCase() === 'DATABASE') [database, schema] = [parts[0]!, 'PUBLIC'];
      else [database, schema] = parts.length === 2 ? [parts[0]!, parts[1]!] : [database, parts[0]!];
      continue;
    }
    const create = CREATE_STATEMENT.exec(text.trim());
    if (!create) continue;
    const kind = create[1]!.toUpperCase() as ObjectKind;
    const parts = create[2]!.toUpperCase().split('.');
    const name = ACCOUNT_KINDS.has(kind)
      ? parts.join('.')
      : kind === 'SCHEMA'
        ? (parts.length === 2 ? parts : [database, ...parts]).join('.')
        : (parts.length === 3 ? parts : parts.length === 2 ? [database, ...parts] : [database, schema, ...parts]).join('.');
    const object: OwnedObject = { kind, name };
    if (kind === 'PROCEDURE') {
      const args = (create[3] ?? '()').slice(1, -1).trim();
      object.signature = `(${
        args === ''
          ? ''
          : args
              .split(',')
              .map((arg) => arg.trim().split(/\s+/).slice(1).join(' ').toUpperCase())
              .join(', ')
      })`;
    }
    if (!objects.some((o) => o.kind === object.kind && o.name === object.name)) objects.push(object);
  }
  return objects;
}

/** What a pack's `src/scenario/<pack>/deploy.ts` exports: its deploy steps, in order. */
interface PackDeploy {
  deploySteps(pack: Pack): StepDefinition[];
}

function isPackDeploy(value: unknown): value is PackDeploy {
  return typeof value === 'object' && value !== null && typeof (value as Partial<PackDeploy>).deploySteps === 'function';
}

/** The pack's deploy steps; a pack without a deploy.ts cannot be deployed (bad input). */
export async function deploySteps(pack: Pack): Promise<StepDefinition[]> {
  const module = await importPackModule(pack, 'deploy');
  if (module === undefined) {
    throw new UserError(`the ${pack.name} pack cannot be deployed to Snowflake yet`, undefined, 'see docs/snowflake.md for what deploy covers');
  }
  if (!isPackDeploy(module)) throw new Error(`src/scenario/${pack.name}/deploy.ts must export deploySteps()`);
  return module.deploySteps(pack);
}

/** The whole deploy of the pack, in order. */
export async function renderPlan(pack: Pack, root = packageRoot()): Promise<PlannedStep[]> {
  return (await deploySteps(pack)).map((step) => renderStep(step, root));
}
