/**
 * The whole flow on "Snowflake", through the real snowflake-sdk against the loopback server's
 * account emulation: `deploy` (the dry run, a refused privilege, a failure half-way and the re-run
 * that resumes, Ctrl-C cancelling the statement on the server), `pipeline --backend snowflake` by
 * both paths (the task graph; `--via local`: Parquet, PUT, COPY INTO, dbt, churn, share, the 12
 * checks, bronze counts and checksums equal to the local warehouse's), `validate --backend
 * snowflake`, a second deploy that changes nothing, and a teardown that drops only what deploy
 * created, the share first.
 *
 * The loopback's warehouse is a copy of the suite's gold warehouse and its dbt and churn steps are
 * stand-ins (they would rebuild what the copy already holds, for seconds); everything the tool
 * itself does runs for real.
 */
import fs from 'node:fs';
import { localWarehouse, creditCard } from '../support/pack.js';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { runConfig } from '../../src/core/config.js';
import { runDeploy } from '../../src/deploy/deploy.js';
import type { PlannedStep } from '../../src/deploy/plan.js';
import { mergeRunner } from '../../src/orchestration/local/tasks.js';
import { repoPath } from '../../src/util/paths.js';
import { runCliInProcess } from '../support/cli.js';
import { copyBronzeWarehouse, copyGoldWarehouse } from '../support/warehouse.js';
import { localTaskHandlers, startLoopbackServer, type LoopbackServer } from '../support/snowflake/loopback-server.js';
import { writeLoopbackConnection } from '../support/snowflake/connection.js';

const PASSWORD = 'deploy-test-password';
let umask: number;
let dataDir: string;
let cliDataDir: string;
let home: string;
/** The task stage the graph's stand-in runner fails, when set. */
let failingStage: string | undefined;
let stagesRoot: string;
let local: LocalDuckDbBackend;
let server: LoopbackServer;

const run = (args: string[]) => runCliInProcess(args, { env: { SNOWFLAKE_HOME: home, SNOWFLAKE_ACCOUNT: undefined } });

beforeAll(async () => {
  umask = process.umask(0o022);
  process.umask(umask);
  dataDir = copyGoldWarehouse('c360-deploy-');
  cliDataDir = copyBronzeWarehouse('c360-deploy-cli-');
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-deploy-home-'));
  stagesRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-deploy-stages-'));
  local = await LocalDuckDbBackend.open({ ...localWarehouse(dataDir) });
  const config = runConfig({ ...localWarehouse(dataDir), backend: 'local', scale: 'test' });
  server = await startLoopbackServer({
    backend: local,
    users: { C360_TEST: PASSWORD },
    // No ACCOUNTADMIN yet: the first deploy is refused; COMPUTE_WH exists before deploy, so teardown keeps it.
    roles: ['PUBLIC', 'SYSADMIN'],
    warehouses: ['COMPUTE_WH'],
    databases: [],
    account: { config, stagesRoot, standIns: true },
    handlers: localTaskHandlers(local, {
      runner: {
        runStage: async (task, stage, context) => {
          if (stage === failingStage) throw new Error(`${stage}: the gate refused the model`);
          // The incremental MERGE runs for real (it is quick); the weekly graph's stages are stand-ins.
          if (stage === 'stream process') return mergeRunner(local).runStage(task, stage, context);
          return { detail: `${stage}: stand-in` };
        },
      },
    }),
  });
  writeLoopbackConnection(home, server.port, PASSWORD);
});

afterAll(async () => {
  // The driver's LOCAL_FS upload sets the process umask to 0; the worker runs other files after this one.
  process.umask(umask);
  await server?.close();
  await local?.close();
  for (const dir of [dataDir, cliDataDir, home, stagesRoot]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const account = () => server.account!;

describe('c360-demo deploy', () => {
  it('--dry-run prints every statement in order without connecting', async () => {
    const r = await runCliInProcess(['deploy', '--dry-run'], { env: { SNOWFLAKE_HOME: path.join(home, 'nowhere') } });
    expect(r.status).toBe(0);
    const out = r.stdout;
    const at = (text: string) => {
      const i = out.indexOf(text);
      expect(i, text).toBeGreaterThanOrEqual(0);
      return i;
    };
    // The seed's order, and the task graph's: the roots suspended first, children resumed before the root.
    expect(at('[1/8] setup')).toBeLessThan(at('[3/8] procedure'));
    expect(at('CREATE OR REPLACE PROCEDURE BRONZE.GENERATE_CUSTOMERS')).toBeLessThan(at("PUT 'file://"));
    expect(at(`PUT 'file://${repoPath('dbt', 'credit-card')}/*.yml' @CUSTOMER_ANALYTICS.PUBLIC.C360_DBT_PROJECT`)).toBeLessThan(
      at('CREATE OR REPLACE DBT PROJECT'),
    );
    expect(at('ALTER TASK IF EXISTS CUSTOMER_ANALYTICS.BRONZE.GENERATE_CUSTOMER_DATA SUSPEND')).toBeLessThan(
      at('CREATE OR REPLACE TASK generate_customer_data'),
    );
    expect(at('ALTER TASK refresh_analytics_views RESUME')).toBeLessThan(at('ALTER TASK generate_customer_data RESUME'));
    // The Streamlit app comes last, or its step says why it is left out.
    const app = fs.existsSync(repoPath('streamlit', 'credit-card', 'streamlit_app.py'))
      ? 'CREATE OR REPLACE STREAMLIT'
      : '-- skipped: this package has no streamlit/ folder';
    expect(at('CREATE SHARE IF NOT EXISTS customer_360_insights')).toBeLessThan(at(app));
    expect(r.stderr).toBe('');
  });

  it('a role without ACCOUNTADMIN: stops at setup with Snowflake’s message and the grant to make, exit 3', async () => {
    const r = await run(['deploy', '--connection', 'loop']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('deploy failed at step "setup", statement 1 (sql/credit-card/setup/01_setup.sql:9)');
    expect(r.stderr).toContain("002003 (02000): Role 'ACCOUNTADMIN' does not exist or not authorized.");
    expect(r.stderr).toContain('GRANT ROLE ACCOUNTADMIN TO USER');
  });

  it('fails half-way with the statement and the hint, and a re-run resumes at the failed step', async () => {
    account().grantRole('ACCOUNTADMIN');
    account().refuse = /^CREATE OR REPLACE TASK/i;
    const failed = await run(['deploy', '--connection', 'loop']);
    account().refuse = undefined;
    expect(failed.status).toBe(3);
    expect(failed.stderr).toMatch(/deploy failed at step "tasks", statement \d+ \(sql\/credit-card\/orchestration\/pipeline_tasks\.sql:\d+\)/);
    expect(failed.stderr).toContain('003001 (42501): SQL access control error: Insufficient privileges');
    expect(failed.stdout).toMatch(/dbt\s+applied/);
    expect(failed.stdout).toMatch(/share\s+not run/);

    const resumed = await run(['deploy', '--connection', 'loop', '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as { ok: boolean; steps: { step: string; result: string }[] };
    const results = Object.fromEntries(report.steps.map((s) => [s.step, s.result]));
    const streamlit = fs.existsSync(repoPath('streamlit', 'credit-card', 'streamlit_app.py')) ? 'applied' : 'skipped';
    expect(results).toEqual({
      setup: 'unchanged',
      stages: 'unchanged',
      procedure: 'unchanged',
      scripts: 'unchanged',
      dbt: 'unchanged',
      tasks: 'applied',
      share: 'applied',
      streamlit,
    });

    // What the account now holds: the uploads (through the driver's PUT), the dbt project, the share.
    expect(fs.readFileSync(path.join(stagesRoot, 'CUSTOMER_ANALYTICS.PUBLIC.C360_DBT_PROJECT', 'dbt_project.yml'), 'utf8')).toBe(
      fs.readFileSync(repoPath('dbt', 'credit-card', 'dbt_project.yml'), 'utf8'),
    );
    expect(fs.existsSync(path.join(stagesRoot, 'CUSTOMER_ANALYTICS.BRONZE.C360_SQL', 'ml', '02_train_churn_model.sql'))).toBe(true);
    // The app's stage holds its main file and, beside it, the module it imports (kept by the second upload).
    const appStage = path.join(stagesRoot, 'CUSTOMER_ANALYTICS.PUBLIC.C360_STREAMLIT');
    const appFiles = fs.existsSync(appStage) ? fs.readdirSync(appStage, { recursive: true, encoding: 'utf8' }) : [];
    const appFilesExpected = streamlit === 'applied' ? ['streamlit_app.py', 'queries.sql', 'environment.yml', 'c360_streamlit.py'] : [];
    expect(appFiles).toEqual(expect.arrayContaining(appFilesExpected));
    const objects = [...account().objects.keys()];
    expect(objects).toEqual(
      expect.arrayContaining([
        'DATABASE CUSTOMER_ANALYTICS',
        'DBT PROJECT CUSTOMER_ANALYTICS.PUBLIC.CUSTOMER_ANALYTICS_DBT',
        'SHARE CUSTOMER_360_INSIGHTS',
        'ROLE C360_ENGINEER',
      ]),
    );
  });

  it('a second deploy changes nothing and says so', async () => {
    const before = account().statements.length;
    const r = await run(['deploy', '--connection', 'loop']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('everything was already deployed, nothing changed');
    expect(r.stdout).not.toMatch(/\bapplied\b/);
    expect(
      account()
        .statements.slice(before)
        .filter((s) => /^(CREATE|PUT|DROP|ALTER|GRANT|REMOVE)\b/i.test(s)),
    ).toEqual([]);
  });

  it('Ctrl-C cancels the statement in flight on the server and reports the step', async () => {
    const { connectSnowflake, resolveConnection } = await import('../../src/backends/snowflake/index.js');
    const backend = await connectSnowflake(resolveConnection({ connection: 'loop' }, { SNOWFLAKE_HOME: home })!, creditCard);
    const plan: PlannedStep[] = [
      {
        name: 'slow',
        title: 'a long statement',
        role: 'SYSADMIN',
        statements: [{ sql: 'SELECT SYSTEM$WAIT(30)', source: 'test' }],
        creates: [],
        fingerprint: 'x',
      },
    ];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    try {
      const report = await runDeploy(backend, plan, { signal: controller.signal });
      expect(report.failure).toMatchObject({ step: 'slow', interrupted: true });
      expect(report.failure!.hint).toContain('re-run `c360-demo deploy` to resume');
      expect(server.cancelled).toContain('SELECT SYSTEM$WAIT(30)');
    } finally {
      await backend.close();
    }
  });
});

describe('c360-demo pipeline --backend snowflake', () => {
  it('runs the task graph from its root and follows TASK_HISTORY: every task SUCCEEDED, exit 0', async () => {
    const r = await run(['pipeline', '--backend', 'snowflake', '--connection', 'loop']);
    expect(r.status, r.stderr).toBe(0);
    for (const task of ['generate_customer_data', 'generate_transaction_data', 'run_dbt_transformations', 'train_churn_model', 'refresh_analytics_views']) {
      expect(r.stdout).toMatch(new RegExp(`${task}\\s+SUCCEEDED`));
      // Live: each task's state changes on stderr as TASK_HISTORY shows them.
      expect(r.stderr).toMatch(new RegExp(`${task}\\s+SUCCEEDED`));
    }
  });

  it('a failed task: exit 1 with its error, the tasks after it not run', async () => {
    failingStage = 'churn train';
    const r = await run(['pipeline', '--backend', 'snowflake', '--connection', 'loop']);
    failingStage = undefined;
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('task train_churn_model FAILED');
    expect(r.stderr).toContain('the gate refused the model');
    expect(r.stdout).toMatch(/refresh_analytics_views\s+NOT RUN/);
  });

  it('--via local: Parquet through PUT and COPY INTO, then dbt, churn, share and the 12 checks; bronze equal to the local warehouse', async () => {
    // An older run's file in the stage: it must be removed, not loaded a second time.
    const stage = path.join(stagesRoot, 'CUSTOMER_ANALYTICS.BRONZE.C360_LOAD');
    fs.mkdirSync(stage, { recursive: true });
    await local.query(
      `COPY (SELECT * FROM CUSTOMER_ANALYTICS.BRONZE.BRONZE_TRANSACTIONS LIMIT 500) TO '${path.join(stage, 'older_bronze_transactions.parquet')}' (FORMAT PARQUET)`,
    );
    const started = performance.now();
    const r = await runCliInProcess(
      [
        'pipeline',
        '--backend',
        'snowflake',
        '--via',
        'local',
        '--connection',
        'loop',
        '--scale',
        'test',
        '--seed',
        '42',
        '--as-of',
        '2025-06-30',
        '--data-dir',
        cliDataDir,
      ],
      { env: { SNOWFLAKE_HOME: home } },
    );
    const seconds = (performance.now() - started) / 1000;
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('reused');
    for (const stageName of [
      'write parquet',
      'put + copy into bronze',
      'dbt build (EXECUTE DBT PROJECT)',
      'churn train (sql/ml)',
      'share refresh',
      'validate (12 checks on Snowflake)',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`${stageName.replace(/[()+]/g, '\\$&')}\\s+ok`));
    }
    expect(r.stdout).toMatch(/BRONZE_TRANSACTIONS\s+232909\s+\w{16}\s+\w{16}\s+yes/);
    expect(r.stdout).toContain('12 passed');
    expect(fs.readdirSync(stage)).toEqual(['bronze_credit_limit_changes.parquet', 'bronze_customers.parquet', 'bronze_transactions.parquet']);
    // Counts on "Snowflake" equal the local warehouse's, table by table.
    const cli = await LocalDuckDbBackend.open({ ...localWarehouse(cliDataDir), readOnly: true });
    try {
      for (const table of ['BRONZE_CUSTOMERS', 'BRONZE_CREDIT_LIMIT_CHANGES', 'BRONZE_TRANSACTIONS']) {
        const count = async (b: LocalDuckDbBackend) => Number((await b.query(`SELECT COUNT(*) AS n FROM BRONZE.${table}`)).rows[0]!.n);
        expect(await count(local), table).toBe(await count(cli));
      }
    } finally {
      await cli.close();
    }
    expect(account().statements.filter((sql) => /^COPY INTO/i.test(sql))).toHaveLength(3);
    expect(account().dbtExecutions.at(-1)).toMatchObject({
      project: 'CUSTOMER_ANALYTICS.PUBLIC.CUSTOMER_ANALYTICS_DBT',
      args: 'build --full-refresh',
      success: true,
    });
    expect(seconds).toBeLessThan(30);
  });

  it('validate --backend snowflake runs the 12 checks there', async () => {
    const r = await run(['validate', '--backend', 'snowflake', '--connection', 'loop', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { backend: string; ok: boolean; stages: { stage: string; data: { status: string }[] }[] };
    expect(report.backend).toMatch(/^Snowflake loopback/);
    expect(report.stages[0]!.data.map((c) => c.status)).toEqual(Array(12).fill('pass'));
  });
});

describe('c360-demo present --backend snowflake', () => {
  it('presents every scene through the driver, none unavailable', async () => {
    const r = await run(['present', '--plain', '--backend', 'snowflake', '--connection', 'loop', '--execute', '--strict']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/unavailable/i);
    // The dbt scene from Snowflake's own objects, the share scene from SHOW SHARES / DESC SHARE.
    expect(r.stdout).toContain('dbt project CUSTOMER_ANALYTICS.PUBLIC.CUSTOMER_ANALYTICS_DBT');
    expect(r.stdout).toContain('Last EXECUTE DBT PROJECT');
    expect(r.stdout).toMatch(/models built: (\d+)\/\1\b/);
    expect(r.stdout).toContain('VIEW CUSTOMER_ANALYTICS.GOLD.SHARED_SEGMENT_SUMMARY  granted');
    // Scene 6 says where the Streamlit app deploy installed is.
    expect(r.stdout).toContain('https://app.snowflake.com/loopback_org/loopback/#/streamlit-apps/CUSTOMER_ANALYTICS.PUBLIC.CUSTOMER_360_APP');
  });
});

describe('c360-demo teardown', () => {
  it('without --yes and no terminal to ask on: exit 2, nothing dropped', async () => {
    const r = await run(['teardown', '--connection', 'loop']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('pass --yes');
    expect(account().objects.has('DATABASE CUSTOMER_ANALYTICS')).toBe(true);
  });

  it('--yes drops what deploy created, the share first, and nothing that was there before', async () => {
    const before = account().statements.length;
    const r = await run(['teardown', '--connection', 'loop', '--yes']);
    expect(r.status, r.stderr).toBe(0);
    const drops = account()
      .statements.slice(before)
      .filter((s) => /^DROP\b/i.test(s));
    expect(drops[0]).toBe('DROP SHARE IF EXISTS CUSTOMER_360_INSIGHTS');
    expect(drops).toContain('DROP DATABASE IF EXISTS CUSTOMER_ANALYTICS');
    expect(drops.indexOf('DROP DATABASE IF EXISTS CUSTOMER_ANALYTICS')).toBeLessThan(drops.indexOf('DROP ROLE IF EXISTS C360_ENGINEER'));
    // COMPUTE_WH existed before the first deploy: not deploy's to drop.
    expect(drops.some((s) => /WAREHOUSE/i.test(s))).toBe(false);
    expect(account().objects.has('WAREHOUSE COMPUTE_WH')).toBe(true);
    expect(account().objects.has('DATABASE CUSTOMER_ANALYTICS')).toBe(false);
    expect(account().objects.has('SHARE CUSTOMER_360_INSIGHTS')).toBe(false);

    const again = await run(['teardown', '--connection', 'loop', '--yes']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('nothing to do');
  });
});
