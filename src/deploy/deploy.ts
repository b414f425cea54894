/**
 * Runs the deploy plan (plan.ts) on a Snowflake account, and tears it down again.
 *
 * The account remembers what was deployed: CUSTOMER_ANALYTICS.PUBLIC.C360_DEPLOY_STATE holds, per
 * completed step, the fingerprint of what it ran and the objects it created. A step whose
 * fingerprint is recorded is left alone ("unchanged"), so a second deploy changes nothing and a
 * deploy that failed half-way resumes at the step that failed. Before a step first runs, the
 * objects it creates are probed (SHOW ... LIKE): only those that did not exist are recorded, and
 * teardown drops only those.
 */
import type { Backend, Row } from '../backends/backend.js';
import { ExitCode, InterruptedError, UserError } from '../core/errors.js';
import { renderSqlFile, sqlLiteral } from '../util/sql-template.js';
import { splitStatements } from '../util/sql-split.js';
import { DATABASE, type ObjectKind, type OwnedObject, type PlannedStep } from './plan.js';

export type StepResult = 'applied' | 'unchanged' | 'skipped' | 'failed' | 'not run';

export interface StepReport {
  step: string;
  title: string;
  statements: number;
  seconds: number;
  result: StepResult;
  detail: string | null;
}

export interface DeployFailure {
  step: string;
  /** 1-based position of the statement in its step. */
  statement: number;
  sql: string;
  source: string;
  message: string;
  code: string | null;
  hint: string;
  interrupted: boolean;
}

export interface DeployReport {
  ok: boolean;
  steps: StepReport[];
  failure: DeployFailure | null;
}

export type DeployEvent =
  | { type: 'step-start'; index: number; total: number; step: PlannedStep }
  | { type: 'statement'; step: string; index: number; total: number; sql: string }
  | { type: 'step-end'; index: number; total: number; report: StepReport };

export interface DeployOptions {
  signal?: AbortSignal;
  onEvent?: (event: DeployEvent) => void;
}

const STATE_DIR = ['src', 'deploy'] as const;

interface RecordedStep {
  fingerprint: string;
  created: string[];
}

function column(row: Row, name: string): unknown {
  const key = Object.keys(row).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : row[key];
}

function errorCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : null;
}

/** An object that does not exist (yet): Snowflake's 002003, or its wording. */
function isMissingObject(err: unknown): boolean {
  return errorCode(err) === '002003' || /does not exist|not authorized/i.test(err instanceof Error ? err.message : String(err));
}

/** The deploy state, or an empty map when the account has none (its database or table is missing). */
async function readState(backend: Backend, signal?: AbortSignal): Promise<Map<string, RecordedStep>> {
  const state = new Map<string, RecordedStep>();
  let rows: Row[];
  try {
    rows = (await backend.query(renderSqlFile([...STATE_DIR, 'state_read.sql'], {}), { signal })).rows;
  } catch (err) {
    if (err instanceof InterruptedError || !isMissingObject(err)) throw err;
    return state;
  }
  for (const row of rows) {
    let created: string[] = [];
    try {
      created = JSON.parse(String(column(row, 'created_objects') ?? '[]')) as string[];
    } catch {
      created = [];
    }
    state.set(String(column(row, 'step')), { fingerprint: String(column(row, 'fingerprint')), created });
  }
  return state;
}

const objectKey = (object: OwnedObject) => `${object.kind} ${object.name}`;

/** SHOW <kind>S LIKE '<name>' [IN SCHEMA|DATABASE ...]: a failure (its container is missing) counts as absent. */
async function objectExists(backend: Backend, object: OwnedObject, signal?: AbortSignal): Promise<boolean> {
  const parts = object.name.split('.');
  const name = parts.pop()!;
  const container = parts.length === 2 ? `SCHEMA ${parts.join('.')}` : parts.length === 1 ? `DATABASE ${parts[0]}` : null;
  const plural = object.kind === 'DBT PROJECT' ? 'DBT PROJECTS' : `${object.kind}S`;
  try {
    const result = await backend.query(renderSqlFile([...STATE_DIR, 'probe.sql'], { plural, name: sqlLiteral(name), container }).trim(), { signal });
    return result.rows.some((row) => String(column(row, 'name') ?? '').toUpperCase() === name.toUpperCase());
  } catch (err) {
    if (err instanceof InterruptedError) throw err;
    return false;
  }
}

/** What to do about a refused statement, from Snowflake's code and message. */
export function failureHint(step: PlannedStep, message: string, code: string | null): string {
  const rerun = 're-run `c360-demo deploy`: the steps already done are skipped';
  if (/insufficient privileges|not authorized|is not assigned|does not have .*privilege/i.test(message) || code === '003001') {
    return `the step "${step.name}" runs as role ${step.role}: grant it (${
      step.role === 'ACCOUNTADMIN'
        ? `GRANT ROLE ACCOUNTADMIN TO USER <you>, or have an administrator run ${step.statements.find((s) => /\.sql:/.test(s.source))?.source.replace(/:\d+$/, '') ?? 'the setup script'} once`
        : 'the setup step grants C360_ENGINEER to the deploying user'
    }), then ${rerun}`;
  }
  if (/no active warehouse|warehouse .*(does not exist|suspended)/i.test(message) || code === '000606') {
    return `the warehouse is missing or cannot resume: check COMPUTE_WH (SHOW WAREHOUSES), then ${rerun}`;
  }
  return `fix the cause, then ${rerun}`;
}

async function recordStep(backend: Backend, step: PlannedStep, created: string[], signal?: AbortSignal): Promise<void> {
  await backend.query(renderSqlFile([...STATE_DIR, 'state_create.sql'], {}), { signal });
  const script = renderSqlFile([...STATE_DIR, 'state_record.sql'], {
    step: sqlLiteral(step.name),
    fingerprint: sqlLiteral(step.fingerprint),
    statements: step.statements.length,
    created: sqlLiteral(JSON.stringify(created)),
  });
  for (const statement of splitStatements(script)) await backend.query(statement.text, { signal });
}

/**
 * Runs every step whose fingerprint the account has not recorded, in order; stops at the first
 * refused statement (the steps before it stay done and recorded). Ctrl-C (the signal) cancels
 * the statement in flight on the server.
 */
export async function runDeploy(backend: Backend, plan: PlannedStep[], options: DeployOptions = {}): Promise<DeployReport> {
  if (backend.kind !== 'snowflake') throw new UserError('deploy sets up a Snowflake account: pass --backend snowflake (or configure a connection)');
  const { signal, onEvent } = options;
  const state = await readState(backend, signal);
  const reports: StepReport[] = [];
  let failure: DeployFailure | null = null;
  for (const [index, step] of plan.entries()) {
    const base = { step: step.name, title: step.title, statements: step.statements.length };
    if (failure) {
      reports.push({ ...base, seconds: 0, result: 'not run', detail: null });
      continue;
    }
    onEvent?.({ type: 'step-start', index, total: plan.length, step });
    const started = performance.now();
    const finish = (result: StepResult, detail: string | null) => {
      const report = { ...base, seconds: (performance.now() - started) / 1000, result, detail };
      reports.push(report);
      onEvent?.({ type: 'step-end', index, total: plan.length, report });
    };
    if (step.skipReason) {
      finish('skipped', step.skipReason);
      continue;
    }
    const recorded = state.get(step.name);
    if (recorded?.fingerprint === step.fingerprint) {
      finish('unchanged', 'already deployed, nothing to do');
      continue;
    }
    const created = new Set(recorded?.created ?? []);
    const probed: string[] = [];
    try {
      for (const object of step.creates) {
        if (created.has(objectKey(object))) continue;
        if (!(await objectExists(backend, object, signal))) probed.push(objectKey(object));
      }
    } catch (err) {
      failure = toFailure(step, 0, { sql: '(probing the objects the step creates)', source: 'SHOW ... LIKE' }, err);
      finish('failed', failure.message);
      continue;
    }
    for (const [i, statement] of step.statements.entries()) {
      onEvent?.({ type: 'statement', step: step.name, index: i, total: step.statements.length, sql: statement.sql });
      try {
        await backend.query(statement.sql, { signal });
      } catch (err) {
        failure = toFailure(step, i + 1, statement, err);
        break;
      }
    }
    if (failure) {
      finish('failed', failure.message);
      continue;
    }
    try {
      await recordStep(backend, step, [...created, ...probed], signal);
    } catch (err) {
      failure = toFailure(
        step,
        step.statements.length,
        { sql: '(recording the step in CUSTOMER_ANALYTICS.PUBLIC.C360_DEPLOY_STATE)', source: 'deploy state' },
        err,
      );
      finish('failed', failure.message);
      continue;
    }
    finish('applied', recorded ? 'changed since the last deploy: applied again' : null);
  }
  return { ok: failure === null, steps: reports, failure };
}

function toFailure(step: PlannedStep, index: number, statement: { sql: string; source: string }, err: unknown): DeployFailure {
  const interrupted = err instanceof InterruptedError;
  // Unexpected errors (a bug, not Snowflake's answer) keep their stack for --debug.
  if (!interrupted && !(err instanceof UserError) && errorCode(err) === null && !(err instanceof Error && err.name === 'SnowflakeQueryError')) throw err;
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
  const code = errorCode(err);
  return {
    step: step.name,
    statement: index,
    sql: statement.sql,
    source: statement.source,
    message,
    code,
    hint: interrupted
      ? 'the statement was cancelled on Snowflake; the steps before it stay done: re-run `c360-demo deploy` to resume'
      : failureHint(step, message, code),
    interrupted,
  };
}

/** The exit code of a deploy report: 0, 130 when interrupted, 3 when the account refused a privilege or warehouse, 1 otherwise. */
export function deployExitCode(report: DeployReport): number {
  if (!report.failure) return ExitCode.ok;
  if (report.failure.interrupted) return ExitCode.interrupted;
  if (/grant it|warehouse is missing/.test(report.failure.hint)) return ExitCode.backendUnavailable;
  return ExitCode.checkFailed;
}

export interface TeardownPlan {
  statements: string[];
  /** The objects it drops, as "KIND NAME". */
  drops: string[];
}

/**
 * From the deploy state: the share first, the task roots stopped (`roots`, qualified: a graph's
 * children cannot be dropped while its root runs), then the rest newest first.
 */
export function teardownPlan(plan: PlannedStep[], state: Map<string, RecordedStep>, roots: string[]): TeardownPlan {
  const byKey = new Map(plan.flatMap((step) => step.creates.map((object) => [objectKey(object), object] as const)));
  const created = plan.flatMap((step) => (state.get(step.name)?.created ?? []).map((key) => byKey.get(key)).filter((o): o is OwnedObject => o !== undefined));
  const databaseGoes = created.some((o) => o.kind === 'DATABASE' && o.name === DATABASE);
  const inDatabase = (o: OwnedObject) => o.name.startsWith(`${DATABASE}.`);
  const share = created.find((o) => o.kind === 'SHARE');
  const objects = created
    .filter((o) => o.kind !== 'SHARE' && !(databaseGoes && inDatabase(o)))
    .reverse()
    .map((o) => ({ kind: o.kind satisfies ObjectKind, name: o.name, signature: o.signature ?? '' }));
  const tasksDeployed = created.some((o) => o.kind === 'TASK');
  const script = renderSqlFile([...STATE_DIR, 'teardown.sql'], {
    share: share?.name ?? null,
    roots: tasksDeployed && !databaseGoes ? roots : [],
    objects,
    stateTable: state.size > 0 && !databaseGoes,
  });
  const statements = state.size === 0 ? [] : splitStatements(script).map((s) => s.text);
  return { statements, drops: [...(share ? [objectKey(share)] : []), ...objects.map((o) => `${o.kind} ${o.name}`)] };
}

export interface TeardownReport {
  ok: boolean;
  dropped: string[];
  statements: number;
  seconds: number;
  failure: DeployFailure | null;
}

/** Reads the deploy state and works out what teardown would drop (nothing when there is no state). */
export async function planTeardown(backend: Backend, plan: PlannedStep[], options: Pick<DeployOptions, 'signal'> = {}): Promise<TeardownPlan> {
  if (backend.kind !== 'snowflake')
    throw new UserError('teardown removes a deploy from a Snowflake account: pass --backend snowflake (or configure a connection)');
  const { loadDag } = await import('../orchestration/dag.js');
  const roots = new Set(
    loadDag(backend.pack)
      .tasks.filter((t) => t.predecessors.length === 0)
      .map((t) => t.name),
  );
  const rootObjects = plan.flatMap((step) => step.creates).filter((o) => o.kind === 'TASK' && roots.has(o.name.split('.').pop()!));
  return teardownPlan(
    plan,
    await readState(backend, options.signal),
    rootObjects.map((o) => o.name),
  );
}

export async function runTeardown(backend: Backend, teardown: TeardownPlan, options: DeployOptions = {}): Promise<TeardownReport> {
  const started = performance.now();
  const { statements, drops } = teardown;
  const pseudoStep: PlannedStep = { name: 'teardown', title: 'teardown', role: 'ACCOUNTADMIN', statements: [], creates: [], fingerprint: '' };
  for (const [i, sql] of statements.entries()) {
    options.onEvent?.({ type: 'statement', step: 'teardown', index: i, total: statements.length, sql });
    try {
      await backend.query(sql, { signal: options.signal });
    } catch (err) {
      const failure = toFailure(pseudoStep, i + 1, { sql, source: 'src/deploy/teardown.sql' }, err);
      failure.hint = failure.interrupted
        ? 'the statement was cancelled on Snowflake: re-run `c360-demo teardown --yes` to finish'
        : failureHint(pseudoStep, failure.message, failure.code).replace(/re-run .*$/, 're-run `c360-demo teardown --yes`');
      return { ok: false, dropped: [], statements: statements.length, seconds: (performance.now() - started) / 1000, failure };
    }
  }
  return { ok: true, dropped: drops, statements: statements.length, seconds: (performance.now() - started) / 1000, failure: null };
}

/** Renders the dry run: every statement, in order, under its step. */
export function describePlan(plan: PlannedStep[]): string {
  const lines: string[] = [];
  for (const [index, step] of plan.entries()) {
    lines.push(`-- [${index + 1}/${plan.length}] ${step.name}: ${step.title} (as ${step.role})`);
    if (step.skipReason) lines.push(`-- skipped: ${step.skipReason}`);
    for (const statement of step.statements) lines.push(`-- ${statement.source}`, `${statement.sql};`);
    lines.push('');
  }
  return lines.join('\n');
}
