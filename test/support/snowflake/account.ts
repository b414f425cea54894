/**
 * The account-level part of the loopback "Snowflake": what `c360-demo deploy`, `teardown` and the
 * `--via local` pipeline send that DuckDB cannot run. Objects (warehouses, roles, databases,
 * stages, shares, tasks, dbt projects, Streamlit apps...) are kept in memory; stages are folders
 * under `stagesRoot`, filled by the driver itself (PUT is answered with a LOCAL_FS stage
 * location, which snowflake-sdk copies files into); COPY INTO reads their Parquet files into the
 * DuckDB warehouse; EXECUTE DBT PROJECT runs the built-in dbt runner; EXECUTE IMMEDIATE FROM the
 * churn or secure-view scripts runs the local churn model or share refresh.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Backend, Row } from '../../../src/backends/backend.js';
import type { RunConfig } from '../../../src/core/config.js';
import { toDuckDbView } from '../../../src/orchestration/share-definition.js';
import { splitStatements } from '../../../src/util/sql-split.js';
import { COPY_HISTORY_COLUMNS, CopyError, LoadState, materialise, parseFileFormat, VALIDATE_COLUMNS, type CopyStatement } from './loading.js';

export class AccountSqlError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly sqlState: string,
  ) {
    super(message);
  }
}

export interface AccountSession {
  role: string | null;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
}

interface AccountObject {
  kind: string;
  /** Fully qualified, upper case. */
  name: string;
  comment: string | null;
  createdOn: string;
  owner: string;
  /** Kind-specific details (a dbt project's source, a Streamlit app's main file...). */
  properties: Record<string, string>;
}

interface ShareGrant {
  privilege: string;
  grantedOn: string;
  name: string;
  createdOn: string;
}

export interface DbtExecution {
  queryId: string;
  project: string;
  args: string;
  startedAt: string;
  completedAt: string;
  success: boolean;
  results: { name: string; resourceType: string; status: string; seconds: number; message: string; rows: number | null }[];
}

/** A statement's answer: rows, or the file-transfer instructions a PUT gets. */
export type AccountAnswer = { columns: string[]; rows: Row[] } | { fileTransfer: Record<string, unknown> };

export interface AccountOptions {
  backend: Backend;
  config: RunConfig;
  /** Where stages live on disk. */
  stagesRoot: string;
  /**
   * Answer EXECUTE DBT PROJECT from the warehouse's last dbt build (its run_results.json) and the
   * churn script with a stand-in, instead of rebuilding: for tests whose warehouse already holds the
   * gold layer and that cannot spend the seconds a build takes.
   */
  standIns?: boolean;
  /**
   * Run resumed tasks on a schedule, every this many milliseconds (a real account runs them on
   * their SCHEDULE; a test shortens it). Without it a resumed task does not run on its own.
   */
  taskScheduleMs?: number;
  /** Runs work in turn with the server's other statements (one DuckDB connection, as one session). */
  serial?: <T>(work: () => Promise<T>) => Promise<T>;
  /** The login lists of the loopback server: created and dropped objects are added and removed. */
  roles: string[];
  warehouses: string[];
  databases: string[];
}

const KINDS = [
  'WAREHOUSE',
  'ROLE',
  'DATABASE',
  'SCHEMA',
  'STAGE',
  'FILE FORMAT',
  'TABLE',
  'PROCEDURE',
  'DBT PROJECT',
  'TASK',
  'STREAM',
  'SHARE',
  'STREAMLIT',
  'API INTEGRATION',
  'GIT REPOSITORY',
];
const KIND = KINDS.map((k) => k.replace(' ', '\\s+')).join('|');
const ACCOUNT_LEVEL = new Set(['WAREHOUSE', 'ROLE', 'DATABASE', 'SHARE', 'API INTEGRATION']);

const unquote = (name: string) => name.replace(/"/g, '').toUpperCase();
const now = () => new Date().toISOString();
const result = (rows: Row[], columns = rows[0] ? Object.keys(rows[0]) : ['status']) => ({ columns, rows });
const status = (text: string) => result([{ status: text }]);

export class AccountEmulation {
  readonly objects = new Map<string, AccountObject>();
  readonly shareGrants = new Map<string, ShareGrant[]>();
  readonly dbtExecutions: DbtExecution[] = [];
  /** Every statement the account part answered, in order (for tests). */
  readonly statements: string[] = [];
  /** The session variable `stream append` sets before its INSERT. */
  private appendRows = 0;
  /** Statements matching this are refused for lack of privileges (a test sets and clears it). */
  refuse: RegExp | undefined;
  /** Load metadata, COPY_HISTORY and each session's last COPY. */
  readonly loads: LoadState;
  /**
   * Resumed tasks run every this many milliseconds (AccountOptions.taskScheduleMs); a test may set
   * it later, and tasks resumed from then on run on it.
   */
  taskScheduleMs: number | undefined;
  /** Resumed tasks' timers, by qualified name. */
  private readonly schedules = new Map<string, NodeJS.Timeout>();
  /** Scheduled task runs that failed, with Snowflake's message (a test reads them). */
  readonly taskErrors: string[] = [];
  private macros: Promise<void> | undefined;

  constructor(private readonly options: AccountOptions) {
    for (const role of options.roles) this.add('ROLE', role, null, 'SYSTEM');
    for (const warehouse of options.warehouses) this.add('WAREHOUSE', warehouse, null, 'SYSADMIN');
    for (const database of options.databases) this.add('DATABASE', database, null, 'SYSADMIN');
    this.loads = new LoadState(options.backend);
    this.taskScheduleMs = options.taskScheduleMs;
  }

  /** Stops the resumed tasks' schedules. */
  close(): void {
    for (const timer of this.schedules.values()) clearInterval(timer);
    this.schedules.clear();
  }

  private key(kind: string, name: string): string {
    return `${kind} ${name}`;
  }

  private add(kind: string, name: string, comment: string | null, owner: string, properties: Record<string, string> = {}): void {
    const existing = this.objects.get(this.key(kind, name));
    this.objects.set(this.key(kind, name), { kind, name, comment, createdOn: existing?.createdOn ?? now(), owner, properties });
    const list =
      kind === 'ROLE' ? this.options.roles : kind === 'WAREHOUSE' ? this.options.warehouses : kind === 'DATABASE' ? this.options.databases : undefined;
    if (list && !list.includes(name)) list.push(name);
  }

  private remove(kind: string, name: string): void {
    this.objects.delete(this.key(kind, name));
    const list =
      kind === 'ROLE' ? this.options.roles : kind === 'WAREHOUSE' ? this.options.warehouses : kind === 'DATABASE' ? this.options.databases : undefined;
    if (list?.includes(name)) list.splice(list.indexOf(name), 1);
    if (kind === 'DATABASE') for (const k of [...this.objects.keys()]) if (this.objects.get(k)!.name.startsWith(`${name}.`)) this.objects.delete(k);
    if (kind === 'SHARE') this.shareGrants.delete(name);
  }

  /** A name as Snowflake resolves it: account objects as they are, others qualified by the session's database and schema. */
  private qualify(kind: string, raw: string, session: AccountSession): string {
    const parts = unquote(raw).split('.');
    if (ACCOUNT_LEVEL.has(kind)) return parts.join('.');
    if (kind === 'SCHEMA') return parts.length === 2 ? parts.join('.') : `${session.database ?? 'CUSTOMER_ANALYTICS'}.${parts[0]}`;
    if (parts.length === 3) return parts.join('.');
    if (parts.length === 2) return `${session.database ?? 'CUSTOMER_ANALYTICS'}.${parts.join('.')}`;
    return `${session.database ?? 'CUSTOMER_ANALYTICS'}.${session.schema ?? 'PUBLIC'}.${parts[0]}`;
  }

  private stageDir(stage: string, session: AccountSession): string {
    const [name, ...sub] = stage.replace(/^@/, '').replace(/\/+$/, '').split('/');
    return path.join(this.options.stagesRoot, this.qualify('STAGE', name!, session), ...sub);
  }

  /** Grants a role to the loopback user (it exists, and USE ROLE accepts it). */
  grantRole(role: string): void {
    this.add('ROLE', role.toUpperCase(), null, 'SYSTEM');
  }

  /** Answers the statement, or returns undefined when it is ordinary SQL for DuckDB. */
  async handle(text: string, session: AccountSession, signal: AbortSignal): Promise<AccountAnswer | undefined> {
    if (this.refuse?.test(text)) {
      throw new AccountSqlError(`SQL access control error:\nInsufficient privileges to operate on schema 'BRONZE'`, '003001', '42501');
    }
    const answer = await this.answer(text, session, signal);
    if (answer) this.statements.push(text);
    return answer;
  }

  private async answer(text: string, session: AccountSession, signal: AbortSignal): Promise<AccountAnswer | undefined> {
    const { backend } = this.options;
    let m: RegExpExecArray | null;
    if ((m = /^use\s+(role|warehouse|database|schema)\s+("?[\w$.]+"?)$/i.exec(text))) {
      const what = m[1]!.toUpperCase();
      const name = unquote(m[2]!);
      if (what === 'ROLE' || what === 'WAREHOUSE' || what === 'DATABASE') {
        if (!this.objects.has(this.key(what, name)))
          throw new AccountSqlError(
            `${what === 'ROLE' ? 'Role' : what === 'WAREHOUSE' ? 'Warehouse' : 'Database'} '${name}' does not exist or not authorized.`,
            '002003',
            '02000',
          );
        if (what === 'ROLE') session.role = name;
        else if (what === 'WAREHOUSE') session.warehouse = name;
        else {
          session.database = name;
          session.schema = 'PUBLIC';
        }
      } else {
        const parts = name.split('.');
        if (parts.length === 2) session.database = parts[0]!;
        session.schema = parts[parts.length - 1]!;
      }
      return status('Statement executed successfully.');
    }
    if ((m = /^set\s+(\w+)\s*=\s*(.*)$/is.exec(text))) {
      if (m[1]!.toLowerCase() === 'append_rows') this.appendRows = Number(m[2]);
      return status('Statement executed successfully.');
    }
    if ((m = new RegExp(`^create\\s+(?:or\\s+replace\\s+)?(?:temporary\\s+)?(${KIND})\\s+(?:if\\s+not\\s+exists\\s+)?("?[\\w$.]+"?)`, 'i').exec(text))) {
      const kind = m[1]!.toUpperCase().replace(/\s+/g, ' ');
      const name = this.qualify(kind, m[2]!, session);
      const comment = /\bcomment\s*=\s*'((?:[^']|'')*)'/i.exec(text)?.[1]?.replace(/''/g, "'") ?? null;
      const ifNotExists = /\bif\s+not\s+exists\b/i.test(text);
      // Every database has a PUBLIC schema; DuckDB's file may not have one yet.
      if (kind === 'DATABASE') await backend.query('CREATE SCHEMA IF NOT EXISTS PUBLIC');
      if (kind === 'SCHEMA') await backend.query(`CREATE SCHEMA IF NOT EXISTS ${name.split('.').pop()}`);
      if (ifNotExists && this.objects.has(this.key(kind, name))) return status(`${name} already exists, statement succeeded.`);
      if (kind === 'TABLE') {
        // AUTOINCREMENT ... ORDER: a sequence behind the column's default, as ordered as Snowflake's.
        for (const column of text.matchAll(/^\s*(\w+)\s+NUMBER\s+AUTOINCREMENT\b/gim)) {
          await backend.query(`CREATE SEQUENCE IF NOT EXISTS ${name.split('.').slice(1).join('_')}_${column[1]}_seq`);
        }
        const duck = text
          .replace(
            /^(\s*)(\w+)\s+NUMBER\s+AUTOINCREMENT(?:\s+START\s+\d+)?(?:\s+INCREMENT\s+\d+)?(?:\s+(?:NO)?ORDER)?/gim,
            (_all, indent: string, column: string) => `${indent}${column} BIGINT DEFAULT nextval('${name.split('.').slice(1).join('_')}_${column}_seq')`,
          )
          .replace(/\bVARIANT\b/gi, 'JSON')
          .replace(/\bCLUSTER\s+BY\s*\((?:[^()]|\([^()]*\))*\)/i, '')
          .replace(/\bCHANGE_TRACKING\s*=\s*TRUE\b/i, '')
          .replace(/\bNUMBER\s*\(/gi, 'DECIMAL(')
          // NUMBER alone is NUMBER(38, 0): whole numbers.
          .replace(/\bNUMBER\b(?!\s*\()/gi, 'BIGINT')
          .replace(/\bTIMESTAMP_NTZ\b/gi, 'TIMESTAMP');
        await backend.query(duck);
      }
      const properties: Record<string, string> = {};
      const from = /\bfrom\s+'(@[^']+)'/i.exec(text)?.[1];
      if (from) properties.source = from;
      const mainFile = /\bmain_file\s*=\s*'([^']+)'/i.exec(text)?.[1];
      if (mainFile) properties.main_file = mainFile;
      const title = /\btitle\s*=\s*'([^']+)'/i.exec(text)?.[1];
      if (title) properties.title = title;
      const target = /\bdefault_target\s*=\s*'([^']+)'/i.exec(text)?.[1];
      if (target) properties.default_target = target;
      if (kind === 'FILE FORMAT') properties.format = text;
      const body = /\$\$([\s\S]*)\$\$/.exec(text)?.[1];
      if (kind === 'PROCEDURE' && body) properties.body = body;
      // A task's body: what follows the AS that ends its properties.
      const definition = /^\s*AS\s*$([\s\S]*)/im.exec(text)?.[1] ?? /\bAS\s+((?:CALL|EXECUTE|INSERT|MERGE)\b[\s\S]*)$/i.exec(text)?.[1];
      if (kind === 'TASK' && definition) properties.definition = definition.trim();
      const warehouse = /\bquery_warehouse\s*=\s*(\w+)/i.exec(text)?.[1];
      if (warehouse) properties.query_warehouse = warehouse.toUpperCase();
      if (kind === 'DBT PROJECT' && from && !fs.existsSync(path.join(this.stageDir(from, session), 'dbt_project.yml'))) {
        throw new AccountSqlError(`dbt_project.yml not found in ${from}`, '002003', '02000');
      }
      if (kind === 'STREAMLIT' && from && mainFile && !fs.existsSync(path.join(this.stageDir(from, session), mainFile))) {
        throw new AccountSqlError(`The main file '${mainFile}' was not found in ${from}`, '002003', '02000');
      }
      this.add(kind, name, comment, session.role ?? 'PUBLIC', properties);
      if (kind === 'STAGE') fs.mkdirSync(path.join(this.options.stagesRoot, name), { recursive: true });
      return status(`${kind.charAt(0)}${kind.slice(1).toLowerCase()} ${name.split('.').pop()} successfully created.`);
    }
    if ((m = /^create\s+(?:or\s+replace\s+)?secure\s+view\b/i.exec(text))) {
      await backend.query(toDuckDbView(text));
      return status('View successfully created.');
    }
    if ((m = /^grant\s+([\w\s,]+?)\s+on\s+(database|schema|view|table)\s+("?[\w$.]+"?)\s+to\s+share\s+("?[\w$.]+"?)$/i.exec(text))) {
      const share = unquote(m[4]!);
      if (!this.objects.has(this.key('SHARE', share))) throw new AccountSqlError(`Share '${share}' does not exist or not authorized.`, '002003', '02000');
      const grantedOn = m[2]!.toUpperCase();
      const name =
        grantedOn === 'DATABASE' ? unquote(m[3]!) : grantedOn === 'SCHEMA' ? this.qualify('SCHEMA', m[3]!, session) : this.qualify('VIEW', m[3]!, session);
      const grants = (this.shareGrants.get(share) ?? []).filter((g) => !(g.grantedOn === grantedOn && g.name === name));
      grants.push({ privilege: m[1]!.toUpperCase(), grantedOn, name, createdOn: now() });
      this.shareGrants.set(share, grants);
      return status('Statement executed successfully.');
    }
    if (/^(grant|revoke)\b/i.test(text)) return status('Statement executed successfully.');
    if ((m = /^alter\s+(task|share|warehouse|dbt\s+project|streamlit)\s+(?:if\s+exists\s+)?("?[\w$.]+"?)\s+(.*)$/is.exec(text))) {
      if (m[1]!.toUpperCase() === 'TASK' && /^(resume|suspend)$/i.test(m[3]!.trim()))
        this.schedule(this.qualify('TASK', m[2]!, session), /^resume$/i.test(m[3]!.trim()));
      return status('Statement executed successfully.');
    }
    if ((m = new RegExp(`^drop\\s+(${KIND})\\s+(?:if\\s+exists\\s+)?("?[\\w$.]+"?)(\\s*\\([^)]*\\))?(\\s+cascade)?$`, 'i').exec(text))) {
      const kind = m[1]!.toUpperCase().replace(/\s+/g, ' ');
      const name = this.qualify(kind, m[2]!, session);
      if (!this.objects.has(this.key(kind, name)) && !/\bif\s+exists\b/i.test(text)) {
        throw new AccountSqlError(`${kind} '${name}' does not exist or not authorized.`, '002003', '02000');
      }
      if (kind === 'DATABASE' && this.objects.has(this.key(kind, name))) {
        for (const schema of ['BRONZE', 'SILVER', 'GOLD', 'TELEMETRY', 'PUBLIC', '_SNOWFLAKE_EMULATION'])
          await backend.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        fs.rmSync(path.join(this.options.stagesRoot), { recursive: true, force: true });
      }
      if (kind === 'SCHEMA') await backend.query(`DROP SCHEMA IF EXISTS ${name.split('.').pop()} CASCADE`);
      if (kind === 'TABLE') await backend.query(`DROP TABLE IF EXISTS ${name}`);
      if (kind === 'STAGE') fs.rmSync(path.join(this.options.stagesRoot, name), { recursive: true, force: true });
      this.remove(kind, name);
      return status(`${name.split('.').pop()} successfully dropped.`);
    }
    if ((m = /^show\s+grants\s+to\s+share\s+("?[\w$.]+"?)$/i.exec(text))) {
      const share = unquote(m[1]!);
      return result(
        (this.shareGrants.get(share) ?? []).map((g) => ({
          created_on: g.createdOn,
          privilege: g.privilege,
          granted_on: g.grantedOn,
          name: g.name,
          granted_to: 'SHARE',
          grantee_name: `LOOPBACK.${share}`,
          grant_option: 'false',
          granted_by: this.objects.get(this.key('SHARE', share))?.owner ?? 'ACCOUNTADMIN',
        })),
        ['created_on', 'privilege', 'granted_on', 'name', 'granted_to', 'grantee_name', 'grant_option', 'granted_by'],
      );
    }
    if ((m = /^desc(?:ribe)?\s+share\s+("?[\w$.]+"?)$/i.exec(text))) {
      const share = unquote(m[1]!);
      if (!this.objects.has(this.key('SHARE', share))) throw new AccountSqlError(`Share '${share}' does not exist or not authorized.`, '002003', '02000');
      const order = ['DATABASE', 'SCHEMA', 'VIEW', 'TABLE'];
      const grants = [...(this.shareGrants.get(share) ?? [])].sort(
        (a, b) => order.indexOf(a.grantedOn) - order.indexOf(b.grantedOn) || a.name.localeCompare(b.name),
      );
      return result(
        grants.map((g) => ({ kind: g.grantedOn, name: g.name, shared_on: g.createdOn })),
        ['kind', 'name', 'shared_on'],
      );
    }
    if (
      (m = new RegExp(
        `^show\\s+(${KIND.replace(/\|/g, 's|')}s)(?:\\s+like\\s+'([^']*)')?(?:\\s+in\\s+(account|database|schema)(?:\\s+("?[\\w$.]+"?))?)?$`,
        'i',
      ).exec(text))
    ) {
      const kind = m[1]!.toUpperCase().replace(/\s+/g, ' ').replace(/S$/, '');
      if (kind === 'TASK') return undefined;
      const like = m[2]
        ? new RegExp(
            `^${m[2]
              .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
              .replace(/%/g, '.*')
              .replace(/_/g, '.')}$`,
            'i',
          )
        : undefined;
      const container = m[4] ? unquote(m[4]) : m[3]?.toUpperCase() === 'SCHEMA' ? `${session.database}.${session.schema}` : undefined;
      const rows = [...this.objects.values()]
        .filter((o) => o.kind === kind)
        .filter((o) => !like || like.test(o.name.split('.').pop()!))
        .filter((o) => !container || o.name.startsWith(`${container}.`))
        .map((o) => this.showRow(o));
      return result(rows, rows[0] ? Object.keys(rows[0]) : ['created_on', 'name']);
    }
    if ((m = /^put\s+'file:\/\/([^']+)'\s+(@\S+)(.*)$/is.exec(text))) {
      const options = m[3]!;
      const stage = m[2]!;
      if (!this.objects.has(this.key('STAGE', this.qualify('STAGE', stage.replace(/^@/, '').split('/')[0]!, session)))) {
        throw new AccountSqlError(`Stage '${stage.replace(/^@/, '').split('/')[0]}' does not exist or not authorized.`, '002003', '02000');
      }
      const location = `${this.stageDir(stage, session)}/`;
      fs.mkdirSync(location, { recursive: true });
      return {
        fileTransfer: {
          command: 'UPLOAD',
          src_locations: [m[1]!],
          autoCompress: !/auto_compress\s*=\s*false/i.test(options),
          sourceCompression: 'auto_detect',
          parallel: 1,
          overwrite: /overwrite\s*=\s*true/i.test(options),
          stageInfo: { locationType: 'LOCAL_FS', location, path: location, region: null, creds: {}, isClientSideEncrypted: false },
          encryptionMaterial: null,
          presignedUrls: [],
          threshold: 209715200,
        },
      };
    }
    if ((m = /^(remove|rm)\s+(@\S+)$/i.exec(text))) {
      const dir = this.stageDir(m[2]!, session);
      const removed = listFiles(dir);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      return result(
        removed.map((f) => ({ name: f, result: 'removed' })),
        ['name', 'result'],
      );
    }
    if ((m = /^(list|ls)\s+(@\S+)$/i.exec(text))) {
      const dir = this.stageDir(m[2]!, session);
      return result(
        listFiles(dir).map((f) => ({ name: f, size: fs.statSync(path.join(dir, f)).size })),
        ['name', 'size'],
      );
    }
    if (
      (m = /^copy\s+into\s+("?[\w$.]+"?)\s*(?:\(([^)]*)\))?\s+from\s+(?:(@[^\s()]+)|\(\s*select\s+([\s\S]+?)\s+from\s+(@[^\s()]+)\s*\))([\s\S]*)$/i.exec(text))
    ) {
      return this.copyInto(m, session, signal);
    }
    if (/\btable\s*\(\s*validate\s*\(|\bcopy_history\s*\(/i.test(text)) {
      return this.withTableFunctions(text, session);
    }
    if ((m = /^call\s+("?[\w$.]+"?)\s*\(\s*\)$/i.exec(text))) {
      const name = this.qualify('PROCEDURE', m[1]!, session);
      const procedure = this.objects.get(this.key('PROCEDURE', name));
      if (!procedure?.properties.body) throw new AccountSqlError(`SQL compilation error:\nUnknown user-defined function ${name}.`, '002141', '42601');
      const returned = await this.callProcedure(procedure.properties.body, { ...session }, signal);
      return result([{ [name.split('.').pop()!]: returned }]);
    }
    if ((m = /^truncate\s+table\s+(?:if\s+exists\s+)?("?[\w$.]+"?)$/i.exec(text))) {
      await backend.query(`DELETE FROM ${this.qualify('TABLE', m[1]!, session)}`);
      this.loads.forget(this.qualify('TABLE', m[1]!, session));
      return status('Statement executed successfully.');
    }
    if ((m = /^execute\s+dbt\s+project\s+("?[\w$.]+"?)(?:\s+args\s*=\s*'([^']*)')?$/i.exec(text))) {
      const name = this.qualify('DBT PROJECT', m[1]!, session);
      if (!this.objects.has(this.key('DBT PROJECT', name)))
        throw new AccountSqlError(`DBT PROJECT '${name}' does not exist or not authorized.`, '002003', '02000');
      return this.executeDbt(name, m[2] ?? 'build', signal);
    }
    if ((m = /^execute\s+immediate\s+from\s+'?(@[^'\s]+)'?$/i.exec(text))) {
      return this.executeScript(m[1]!, signal);
    }
    if (/\bdbt_project_execution_history\s*\(/i.test(text)) {
      const rows = [...this.dbtExecutions].reverse().map((e) => {
        const [database, schema, name] = e.project.split('.');
        return {
          QUERY_ID: e.queryId,
          QUERY_START_TIME: e.startedAt,
          QUERY_END_TIME: e.completedAt,
          USER_NAME: 'C360_TEST',
          OBJECT_NAME: name!,
          OBJECT_TYPE: 'DBT PROJECT',
          DATABASE_NAME: database!,
          SCHEMA_NAME: schema!,
          COMMAND: e.args.trim().split(/\s+/)[0] ?? 'build',
          ARGS: e.args,
          STATE: e.success ? 'SUCCESS' : 'FAILED',
          ERROR_CODE: null,
          ERROR_MESSAGE: e.success ? null : 'dbt build failed',
        };
      });
      return result(rows, [
        'QUERY_ID',
        'QUERY_START_TIME',
        'QUERY_END_TIME',
        'USER_NAME',
        'OBJECT_NAME',
        'OBJECT_TYPE',
        'DATABASE_NAME',
        'SCHEMA_NAME',
        'COMMAND',
        'ARGS',
        'STATE',
        'ERROR_CODE',
        'ERROR_MESSAGE',
      ]);
    }
    if ((m = /^select\s+system\$locate_dbt_artifacts\(\s*'([^']+)'\s*\)(?:\s+as\s+(\w+))?$/i.exec(text))) {
      const execution = this.dbtExecutions.find((e) => e.queryId === m![1]);
      if (!execution) throw new AccountSqlError(`Query ID '${m[1]}' is not a dbt project execution.`, '002003', '02000');
      return result([{ [m[2]?.toUpperCase() ?? 'LOCATION']: `snow://dbt/${execution.project}/results/query_id_${execution.queryId}/` }]);
    }
    if ((m = /^get\s+'snow:\/\/dbt\/[^/]+\/results\/query_id_([^/']+)\/'\s+'file:\/\/([^']+)'(?:\s+pattern\s*=\s*'([^']+)')?$/i.exec(text))) {
      const location = path.join(this.options.stagesRoot, 'dbt-results', m[1]!);
      const pattern = m[3] ? new RegExp(m[3]) : undefined;
      const files = listFiles(location).filter((f) => !pattern || pattern.test(f));
      return {
        fileTransfer: {
          command: 'DOWNLOAD',
          src_locations: files,
          localLocation: m[2]!,
          parallel: 1,
          stageInfo: { locationType: 'LOCAL_FS', location, path: location, region: null, creds: {}, isClientSideEncrypted: false },
          encryptionMaterial: null,
          presignedUrls: [],
        },
      };
    }
    // The stream: SYSTEM$STREAM_HAS_DATA and `stream append` (SET append_rows, then the INSERT of stream_append.sql) by the local emulation.
    if (/^select\s+system\$stream_has_data\(/i.test(text)) {
      const { streamHasData } = await import('../../../src/orchestration/local/stream.js');
      return result([{ HAS_DATA: await streamHasData(backend) }]);
    }
    if (/^insert\s+into\s+customer_analytics\.bronze\.bronze_transactions\b[\s\S]*\$append_rows/i.test(text)) {
      const { streamAppendLocal } = await import('../../../src/orchestration/local/stream.js');
      const appended = await streamAppendLocal(backend, this.appendRows);
      return result([{ 'number of rows inserted': appended.appended }]);
    }
    return undefined;
  }

  /** COPY INTO <table> FROM @stage[/path] or FROM (SELECT ... FROM @stage[/path]), with its options. */
  private async copyInto(m: RegExpExecArray, session: AccountSession, signal: AbortSignal): Promise<AccountAnswer> {
    const table = this.qualify('TABLE', m[1]!, session);
    const location = (m[3] ?? m[5]!).replace(/^@/, '');
    const [stageName, ...prefix] = location.split('/');
    const stage = this.qualify('STAGE', stageName!, session);
    if (!this.objects.has(this.key('STAGE', stage))) throw new AccountSqlError(`Stage '${stage}' does not exist or not authorized.`, '002003', '02000');
    const options = m[6]!;
    const inline = /\bfile_format\s*=\s*\(([^()]*)\)/i.exec(options)?.[1] ?? '';
    const formatName = /\bformat_name\s*=\s*'?([\w$.]+)'?/i.exec(inline)?.[1];
    let formatText = inline;
    if (formatName) {
      const format = this.objects.get(this.key('FILE FORMAT', this.qualify('FILE FORMAT', formatName, session)));
      if (!format)
        throw new AccountSqlError(`SQL compilation error:\nFile format '${formatName.toUpperCase()}' does not exist or not authorized.`, '002003', '02000');
      formatText = format.properties.format ?? '';
    }
    const pattern = /\bpattern\s*=\s*'([^']+)'/i.exec(options)?.[1];
    const metadata = /\binclude_metadata\s*=\s*\(([^()]*)\)/i.exec(options)?.[1];
    const statement: CopyStatement = {
      target: { table, stageRoot: path.join(this.options.stagesRoot, stage), stageLocation: `@${stage}`, prefix: prefix.join('/') },
      columns: m[2] ? m[2].split(',').map((c) => c.trim()) : null,
      select: m[4] ? m[4].split(',').map((c) => c.trim()) : null,
      format: parseFileFormat(formatText),
      pattern: pattern ? new RegExp(`^(?:${pattern})$`) : null,
      onError: (/\bon_error\s*=\s*'?(\w+)'?/i.exec(options)?.[1]?.toUpperCase() ?? 'ABORT_STATEMENT') as CopyStatement['onError'],
      force: /\bforce\s*=\s*true\b/i.test(options),
      metadata: metadata ? metadata.split(',').map((pair) => pair.split('=').map((p) => p.trim()) as [string, string]) : [],
    };
    try {
      const rows = await this.loads.copy(statement, session, signal);
      return result(rows, Object.keys(rows[0]!));
    } catch (err) {
      if (err instanceof CopyError) throw new AccountSqlError(err.message, err.code, '22000');
      throw err;
    }
  }

  /**
   * A statement reading TABLE(VALIDATE(...)) or TABLE(INFORMATION_SCHEMA.COPY_HISTORY(...)): each
   * table function becomes a temporary table of its rows, then the statement runs in DuckDB.
   */
  private async withTableFunctions(text: string, session: AccountSession): Promise<AccountAnswer> {
    let index = 0;
    let rewritten = text;
    for (const call of text.matchAll(/\btable\s*\(\s*validate\s*\(\s*([\w$."]+)\s*,\s*job_id\s*=>\s*'([^']+)'\s*\)\s*\)/gi)) {
      if (call[2] !== '_last') throw new AccountSqlError(`Invalid argument: JOB_ID '${call[2]}' is not emulated; use '_last'`, '002001', '22023');
      const name = `_sf_validate_${index++}`;
      await materialise(this.options.backend, name, VALIDATE_COLUMNS, this.loads.lastRejects.get(session) ?? []);
      rewritten = rewritten.replace(call[0], name);
    }
    for (const call of text.matchAll(
      /\btable\s*\(\s*(?:[\w$]+\.)*copy_history\s*\(\s*table_name\s*=>\s*'([^']+)'\s*(?:,\s*start_time\s*=>\s*'([^']+)'[^)]*)?\)\s*\)/gi,
    )) {
      const name = `_sf_copy_history_${index++}`;
      // A timestamp literal with or without its zone (+00, +00:00, Z); without one it is UTC here.
      const iso = call[2]?.trim().replace(' ', 'T');
      const start = iso ? Date.parse(/(?:Z|[+-]\d\d(?::?\d\d)?)$/i.test(iso) ? iso.replace(/([+-]\d\d)$/, '$1:00') : `${iso}Z`) : null;
      await materialise(this.options.backend, name, COPY_HISTORY_COLUMNS, this.loads.copyHistory(this.qualify('TABLE', call[1]!, session), start));
      rewritten = rewritten.replace(call[0], name);
    }
    const answer = await this.options.backend.query(await this.toDuckDb(rewritten));
    return { columns: answer.columns, rows: answer.rows };
  }

  /** Snowflake's functions the media pack's procedure uses, as DuckDB macros and rewrites (outside string literals). */
  private async toDuckDb(sql: string): Promise<string> {
    this.macros ??= this.options.backend
      .execute(
        [
          'CREATE OR REPLACE TEMP MACRO try_parse_json(x) AS try_cast(x AS JSON);',
          "CREATE OR REPLACE TEMP MACRO is_object(x) AS json_type(x) = 'OBJECT';",
          'CREATE OR REPLACE TEMP MACRO iff(c, a, b) AS CASE WHEN c THEN a ELSE b END;',
          'CREATE OR REPLACE TEMP MACRO to_varchar(x) AS CAST(x AS VARCHAR);',
        ].join('\n'),
      )
      .then(() => undefined);
    await this.macros;
    return sql
      .split(/('(?:[^']|'')*')/)
      .map((part, i) =>
        i % 2 === 1
          ? part
          : part
              .replace(/\bCURRENT_TIMESTAMP\s*\(\s*\)/gi, 'CURRENT_TIMESTAMP')
              .replace(/\bTIMESTAMP_(?:NTZ|LTZ)\b/gi, 'TIMESTAMP')
              // VARIANT paths: j:event_id -> (j->>'event_id')
              .replace(/(?<![:\w])([A-Za-z_]\w*):([A-Za-z_]\w*)/g, "($1->>'$2')"),
      )
      .join('');
  }

  /** One statement of a procedure or a task body: the account's own, or SQL for DuckDB. */
  private async runStatement(text: string, session: AccountSession, signal: AbortSignal): Promise<AccountAnswer> {
    const answer = await this.answer(text, session, signal);
    if (answer) return answer;
    const local = /^begin(\s+transaction)?$/i.test(text) ? 'BEGIN TRANSACTION' : await this.toDuckDb(text);
    const rows = await this.options.backend.query(local);
    return { columns: rows.columns, rows: rows.rows };
  }

  /**
   * A Snowflake Scripting procedure (LANGUAGE SQL): its DECLARE section's defaults, then its
   * statements in order with `:name` bound to the variables; RETURN ends it. A failing statement
   * rolls back the transaction the body opened and fails the CALL.
   */
  private async callProcedure(body: string, session: AccountSession, signal: AbortSignal): Promise<string> {
    const block = /^\s*(?:DECLARE([\s\S]*?))?^\s*BEGIN\s*$([\s\S]*)^\s*END\s*;?\s*$/im.exec(body);
    if (!block) throw new AccountSqlError('SQL compilation error:\nthe procedure body is not a BEGIN ... END block', '001003', '42000');
    const variables = new Map<string, string>();
    for (const declaration of (block[1] ?? '').split(';')) {
      const d = /^\s*(\w+)\s+[\w()]+\s+DEFAULT\s+([\s\S]+?)\s*$/i.exec(declaration);
      if (!d) continue;
      const value = await this.options.backend.query(`SELECT CAST(${await this.toDuckDb(d[2]!)} AS VARCHAR) AS v`);
      variables.set(d[1]!.toLowerCase(), String(value.rows[0]!.v));
    }
    const bind = (sql: string) =>
      sql
        .split(/('(?:[^']|'')*')/)
        .map((part, i) =>
          i % 2 === 1
            ? part
            : part.replace(/(?<![:\w]):(\w+)/g, (all, name: string) => (variables.has(name.toLowerCase()) ? `'${variables.get(name.toLowerCase())}'` : all)),
        )
        .join('');
    let inTransaction = false;
    try {
      for (const statement of splitStatements(block[2]!)) {
        const text = statement.text
          .replace(/^(?:\s*--[^\n]*\n)+/, '')
          .trim()
          .replace(/;\s*$/, '');
        if (text === '') continue;
        const returned = /^return\s+([\s\S]+)$/i.exec(text);
        if (returned) {
          let expression = returned[1]!;
          for (const [name, value] of variables) expression = expression.replace(new RegExp(`\\b${name}\\b`, 'gi'), `'${value}'`);
          const value = await this.options.backend.query(`SELECT CAST(${await this.toDuckDb(expression)} AS VARCHAR) AS v`);
          return String(value.rows[0]!.v);
        }
        if (/^begin(\s+transaction)?$/i.test(text)) inTransaction = true;
        if (/^(commit|rollback)$/i.test(text)) inTransaction = false;
        await this.runStatement(bind(text), session, signal);
      }
    } catch (err) {
      if (inTransaction) await this.options.backend.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    return 'null';
  }

  /**
   * ALTER TASK ... RESUME starts the task on the shortened schedule (when the server has one);
   * SUSPEND stops it. A stream task runs through the local emulation (SKIPPED when its stream is
   * empty, every run in TASK_HISTORY); another task runs its body here.
   */
  private schedule(task: string, resume: boolean): void {
    const existing = this.schedules.get(task);
    if (existing) clearInterval(existing);
    this.schedules.delete(task);
    const every = this.taskScheduleMs;
    if (!resume || every === undefined) return;
    const serial = this.options.serial ?? (<T>(work: () => Promise<T>) => work());
    let running = false;
    const run = async () => {
      const object = this.objects.get(this.key('TASK', task));
      if (!object?.properties.definition) return;
      const { loadDag } = await import('../../../src/orchestration/dag.js');
      const { STREAM_PROCESS_STAGE } = await import('../../../src/orchestration/task-body.js');
      const name = task.split('.').pop()!;
      const node = loadDag(this.options.backend.pack).tasks.find((t) => t.name.toUpperCase() === name);
      if (node?.localStage === STREAM_PROCESS_STAGE) {
        const { streamProcessLocal } = await import('../../../src/orchestration/local/process.js');
        const outcome = await streamProcessLocal(this.options.backend, { task: node.name });
        if (outcome.state === 'FAILED') this.taskErrors.push(`${name}: ${outcome.history.error_message ?? 'failed'}`);
        return;
      }
      const [database, schema] = task.split('.');
      const session: AccountSession = { role: object.owner, warehouse: 'COMPUTE_WH', database: database!, schema: schema! };
      for (const statement of splitStatements(object.properties.definition)) await this.runStatement(statement.text, session, new AbortController().signal);
    };
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      void serial(run)
        .catch((err: unknown) => this.taskErrors.push(`${task}: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          running = false;
        });
    }, every);
    timer.unref();
    this.schedules.set(task, timer);
  }

  /** A run's artefacts where SYSTEM$LOCATE_DBT_ARTIFACTS points: <stagesRoot>/dbt-results/<query id>/target/. */
  private keepArtifacts(runResults: string | null): string {
    const queryId = crypto.randomUUID();
    const dir = path.join(this.options.stagesRoot, 'dbt-results', queryId, 'target');
    fs.mkdirSync(dir, { recursive: true });
    if (runResults && fs.existsSync(runResults)) fs.copyFileSync(runResults, path.join(dir, 'run_results.json'));
    return queryId;
  }

  private showRow(o: AccountObject): Row {
    const parts = o.name.split('.');
    const base: Row = { created_on: o.createdOn, name: parts[parts.length - 1]!, owner: o.owner, comment: o.comment };
    if (parts.length === 3) Object.assign(base, { database_name: parts[0]!, schema_name: parts[1]! });
    if (parts.length === 2) Object.assign(base, { database_name: parts[0]! });
    if (o.kind === 'SHARE') {
      return {
        created_on: o.createdOn,
        kind: 'OUTBOUND',
        owner_account: 'LOOPBACK',
        name: `LOOPBACK.${o.name}`,
        database_name: this.shareDatabase(o.name),
        to: '',
        owner: o.owner,
        comment: o.comment,
      };
    }
    if (o.kind === 'STREAMLIT')
      Object.assign(base, {
        title: o.properties.title ?? null,
        query_warehouse: o.properties.query_warehouse ?? null,
        url_id: `loopback-${parts[parts.length - 1]!.toLowerCase()}`,
      });
    if (o.kind === 'DBT PROJECT')
      Object.assign(base, { default_target: o.properties.default_target ?? null, source_location: o.properties.source ?? null, default_version: 'VERSION$1' });
    return base;
  }

  private shareDatabase(share: string): string {
    return (this.shareGrants.get(share) ?? []).find((g) => g.grantedOn === 'DATABASE')?.name ?? '';
  }

  private async executeDbt(project: string, args: string, signal: AbortSignal): Promise<AccountAnswer> {
    const { runDbt } = await import('../../../src/dbt/runner.js');
    const command = args.trim().split(/\s+/)[0] || 'build';
    if (command !== 'build' && command !== 'run' && command !== 'test')
      throw new AccountSqlError(`dbt command '${command}' is not emulated`, '100000', '22000');
    const startedAt = now();
    if (this.options.standIns) {
      const { loadRunResults } = await import('../../../src/dbt/artifacts.js');
      const stored = loadRunResults(this.options.config.dataDir, 'build');
      const results = (stored?.results ?? []).map((r) => ({
        name: r.unique_id.split('.').pop()!,
        resourceType: r.unique_id.split('.')[0]!,
        status: r.status,
        seconds: r.execution_time,
        message: r.message,
        rows: r.adapter_response.rows_affected ?? null,
      }));
      const { targetDir } = await import('../../../src/dbt/artifacts.js');
      const queryId = this.keepArtifacts(stored ? path.join(targetDir(this.options.config.dataDir), 'last_build_run_results.json') : null);
      this.dbtExecutions.push({ queryId, project, args, startedAt, completedAt: now(), success: stored !== null, results });
      return result([
        {
          SUCCESS: stored !== null,
          EXCEPTION: stored ? null : 'no dbt build to stand in for',
          STDOUT: results.map((r) => `${r.status.toUpperCase()} ${r.name}`).join('\n'),
          OUTPUT_ARCHIVE_URL: null,
        },
      ]);
    }
    const run = await runDbt(this.options.backend, {
      command,
      // Bronze is reloaded before every run here: incremental models start over, as the pipeline's stage does.
      fullRefresh: true,
      dataDir: this.options.config.dataDir,
      onProgress: () => undefined,
      signal,
    });
    const execution: DbtExecution = {
      queryId: this.keepArtifacts(path.join(run.targetDir, 'run_results.json')),
      project,
      args,
      startedAt,
      completedAt: now(),
      success: run.ok,
      results: run.results.map((r) => ({
        name: r.name,
        resourceType: r.resourceType,
        status: r.status,
        seconds: r.executionTime,
        message: r.message,
        rows: r.rowsAffected ?? null,
      })),
    };
    this.dbtExecutions.push(execution);
    const stdout = execution.results.map((r) => `${r.status.toUpperCase()} ${r.name}`).join('\n');
    return result([{ SUCCESS: run.ok, EXCEPTION: run.ok ? null : 'dbt build failed', STDOUT: stdout, OUTPUT_ARCHIVE_URL: null }]);
  }

  /** The scripts the tasks and `--via local` run from the stage, mapped to the local stages that do the same work. */
  private async executeScript(file: string, signal: AbortSignal): Promise<AccountAnswer> {
    const context = { backend: this.options.backend, config: this.options.config, signal, onProgress: () => undefined };
    if (/\/orchestration\/train_churn_model\.sql$/i.test(file)) {
      if (this.options.standIns) return status('churn model: stand-in (the warehouse already holds its predictions)');
      const { churnTrainStageRun } = await import('../../../local-ml/stage.js');
      const outcome = await churnTrainStageRun(context);
      if (outcome.ok === false)
        throw new AccountSqlError(`Uncaught exception of type 'STATEMENT_ERROR': ${outcome.detail ?? 'the churn model was refused'}`, '100132', 'P0000');
      return status(outcome.detail ?? 'churn model trained');
    }
    if (/\/collaboration\/secure_views\.sql$/i.test(file)) {
      // The script itself, statement by statement: the views go to DuckDB, their grants to the share.
      const { readRepoFile } = await import('../../../src/util/paths.js');
      const { splitStatements } = await import('../../../src/util/sql-split.js');
      const session: AccountSession = { role: 'C360_ENGINEER', warehouse: 'COMPUTE_WH', database: 'CUSTOMER_ANALYTICS', schema: 'BRONZE' };
      const statements = splitStatements(readRepoFile('sql', 'credit-card', 'collaboration', 'secure_views.sql'));
      for (const statement of statements) await this.answer(statement.text, session, signal);
      return status(`${statements.length} statements executed`);
    }
    throw new AccountSqlError(`EXECUTE IMMEDIATE FROM ${file} is not emulated by the loopback server`, '100000', '22000');
  }
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}
