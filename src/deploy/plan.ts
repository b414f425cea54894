/**
 * What `c360-demo deploy` does to a Snowflake account, as data: an ordered list of steps, each
 * reading files of the package (sql/ scripts, folders to upload). `renderPlan()` turns it into the
 * statements, in order, with a fingerprint per step; nothing here connects.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadDag } from '../orchestration/dag.js';
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
  /** Every file under a folder of the package, PUT to a stage (what was there before is removed first). */
  | { upload: string; stage: string; optional?: boolean };

export interface StepDefinition {
  name: string;
  title: string;
  /** The role the step runs as: named in the hint when Snowflake refuses a privilege. */
  role: string;
  actions: Action[];
  creates: OwnedObject[];
}

const inDb = (schema: string, name: string) => `${DATABASE}.${schema}.${name}`;

/** The seed's order: account objects, the procedure, the scripts the tasks run, dbt, the tasks, the share, the app. */
export const DEPLOY_STEPS: StepDefinition[] = [
  {
    name: 'setup',
    title: 'warehouse COMPUTE_WH, roles, database CUSTOMER_ANALYTICS and its schemas, bronze tables',
    role: 'ACCOUNTADMIN',
    actions: [{ sql: 'sql/setup/01_setup.sql' }],
    creates: [
      { kind: 'WAREHOUSE', name: 'COMPUTE_WH' },
      { kind: 'ROLE', name: 'C360_ENGINEER' },
      { kind: 'ROLE', name: 'C360_ANALYST' },
      { kind: 'DATABASE', name: DATABASE },
      ...['BRONZE', 'SILVER', 'GOLD', 'TELEMETRY'].map((schema): OwnedObject => ({ kind: 'SCHEMA', name: `${DATABASE}.${schema}` })),
      { kind: 'STAGE', name: inDb('BRONZE', 'C360_SQL') },
      ...['BRONZE_CUSTOMERS', 'BRONZE_CREDIT_LIMIT_CHANGES', 'BRONZE_TRANSACTIONS'].map((t): OwnedObject => ({ kind: 'TABLE', name: inDb('BRONZE', t) })),
    ],
  },
  {
    name: 'stages',
    title: 'internal stages for the dbt project, the Streamlit app and Parquet loads',
    role: 'C360_ENGINEER',
    actions: [{ sql: 'sql/deploy/stages.sql' }],
    creates: [
      { kind: 'STAGE', name: inDb('PUBLIC', 'C360_DBT_PROJECT') },
      { kind: 'STAGE', name: inDb('PUBLIC', 'C360_STREAMLIT') },
      { kind: 'STAGE', name: inDb('BRONZE', 'C360_LOAD') },
    ],
  },
  {
    name: 'procedure',
    title: 'Python stored procedure BRONZE.GENERATE_CUSTOMERS',
    role: 'C360_ENGINEER',
    actions: [{ sql: 'sql/procedures/generate_customers.sql' }],
    creates: [{ kind: 'PROCEDURE', name: inDb('BRONZE', 'GENERATE_CUSTOMERS'), signature: '(INTEGER, INTEGER, VARCHAR)' }],
  },
  {
    name: 'scripts',
    title: 'sql/ to @BRONZE.C360_SQL: transaction generation, churn model (ML), secure views',
    role: 'C360_ENGINEER',
    actions: [{ upload: 'sql', stage: inDb('BRONZE', 'C360_SQL') }],
    creates: [],
  },
  {
    name: 'dbt',
    title: 'dbt/ to a stage, then the dbt project object CUSTOMER_ANALYTICS_DBT',
    role: 'C360_ENGINEER',
    actions: [{ upload: 'dbt', stage: inDb('PUBLIC', 'C360_DBT_PROJECT') }, { sql: 'sql/deploy/dbt_project.sql' }],
    creates: [{ kind: 'DBT PROJECT', name: inDb('PUBLIC', 'CUSTOMER_ANALYTICS_DBT') }],
  },
  {
    name: 'tasks',
    title: 'task graph (children resumed before the root), stream, incremental task',
    role: 'C360_ENGINEER',
    actions: [{ sql: 'sql/deploy/suspend_tasks.sql' }, { sql: 'sql/orchestration/pipeline_tasks.sql' }],
    // What pipeline_tasks.sql creates, read from it (the same parse the local emulation uses); it
    // runs in BRONZE (its USE SCHEMA).
    creates: [
      ...loadDag().tasks.map((t): OwnedObject => ({ kind: 'TASK', name: inDb('BRONZE', t.name) })),
      ...loadDag().streams.map((s): OwnedObject => ({ kind: 'STREAM', name: inDb('BRONZE', s.name) })),
    ],
  },
  {
    name: 'share',
    title: 'secure share CUSTOMER_360_INSIGHTS (its views are granted when the pipeline creates them)',
    role: 'C360_ENGINEER',
    actions: [{ sql: 'sql/collaboration/create_share.sql' }],
    creates: [{ kind: 'SHARE', name: 'CUSTOMER_360_INSIGHTS' }],
  },
  {
    name: 'streamlit',
    title: 'streamlit/ to a stage, then the Streamlit app CUSTOMER_360_APP',
    role: 'C360_ENGINEER',
    actions: [{ upload: 'streamlit', stage: inDb('PUBLIC', 'C360_STREAMLIT'), optional: true }, { sql: 'sql/deploy/streamlit_app.sql' }],
    creates: [{ kind: 'STREAMLIT', name: inDb('PUBLIC', 'CUSTOMER_360_APP') }],
  },
];

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

function uploadStatements(root: string, action: { upload: string; stage: string }, hash: crypto.Hash): PlannedStatement[] {
  const statements: PlannedStatement[] = [{ sql: `REMOVE @${action.stage}`, source: `${action.upload}/` }];
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
      statements.push(...uploadStatements(root, action, hash));
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

/** The whole deploy, in order. */
export function renderPlan(root = packageRoot()): PlannedStep[] {
  return DEPLOY_STEPS.map((step) => renderStep(step, root));
}
