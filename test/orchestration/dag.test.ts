import fs from 'node:fs';
import { creditCard } from '../support/pack.js';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dagProblems, loadDag, parseDag } from '../../src/orchestration/dag.js';
import { nextScheduledTime } from '../../src/orchestration/schedule.js';
import { splitStatements } from '../../src/util/sql-split.js';
import { repoPath } from '../../src/util/paths.js';

/** The seed's DAG ("Orchestration" / "Incremental Processing"), written out by hand. */
const SEED_DAG = [
  { name: 'GENERATE_CUSTOMER_DATA', predecessors: [], schedule: 'USING CRON 0 2 * * SUN UTC', condition: null },
  { name: 'GENERATE_TRANSACTION_DATA', predecessors: ['GENERATE_CUSTOMER_DATA'], schedule: null, condition: null },
  { name: 'RUN_DBT_TRANSFORMATIONS', predecessors: ['GENERATE_TRANSACTION_DATA'], schedule: null, condition: null },
  { name: 'TRAIN_CHURN_MODEL', predecessors: ['RUN_DBT_TRANSFORMATIONS'], schedule: null, condition: null },
  { name: 'REFRESH_ANALYTICS_VIEWS', predecessors: ['TRAIN_CHURN_MODEL'], schedule: null, condition: null },
  { name: 'PROCESS_INCREMENTAL_TRANSACTIONS', predecessors: [], schedule: '5 MINUTE', condition: "SYSTEM$STREAM_HAS_DATA('bronze_transactions_stream')" },
];

/** What each task does locally: the pipeline stages the local orchestrator runs. */
const LOCAL_STAGES: Record<string, string> = {
  GENERATE_CUSTOMER_DATA: 'generate',
  GENERATE_TRANSACTION_DATA: 'validate',
  RUN_DBT_TRANSFORMATIONS: 'dbt build',
  TRAIN_CHURN_MODEL: 'churn train',
  REFRESH_ANALYTICS_VIEWS: 'share refresh',
  PROCESS_INCREMENTAL_TRANSACTIONS: 'stream process',
};

describe('the DAG in sql/orchestration/pipeline_tasks.sql', () => {
  const dag = loadDag(creditCard);

  it('is the seed DAG: names, predecessors, schedules and conditions', () => {
    expect(dag.tasks.map(({ name, predecessors, schedule, condition }) => ({ name, predecessors, schedule, condition }))).toEqual(SEED_DAG);
  });

  it('is one Snowflake accepts: predecessors exist, roots scheduled, children resumed before their root', () => {
    expect(dagProblems(dag)).toEqual([]);
    expect(dag.resumeOrder.indexOf('GENERATE_CUSTOMER_DATA')).toBeGreaterThan(dag.resumeOrder.indexOf('REFRESH_ANALYTICS_VIEWS'));
    expect(dag.tasks.every((t) => t.resumed && t.warehouse === 'COMPUTE_WH')).toBe(true);
  });

  it('names a local stage for every task', () => {
    expect(Object.fromEntries(dag.tasks.map((t) => [t.name, t.localStage]))).toEqual(LOCAL_STAGES);
  });

  it('keeps the task bodies as written: the root calls the stored procedure, the stream task MERGEs', () => {
    expect(dag.tasks[0]!.definition).toBe('CALL BRONZE.GENERATE_CUSTOMERS(50000, 42)');
    const merge = dag.tasks.find((t) => t.name === 'PROCESS_INCREMENTAL_TRANSACTIONS')!.definition;
    expect(merge).toMatch(/^MERGE INTO GOLD\.FCT_TRANSACTIONS/);
    expect(merge).toMatch(/FROM BRONZE\.bronze_transactions_stream/);
    expect(dag.streams).toEqual([
      { name: 'BRONZE_TRANSACTIONS_STREAM', table: 'BRONZE.BRONZE_TRANSACTIONS', appendOnly: true, showInitialRows: false, comment: expect.any(String) },
    ]);
  });

  it('MERGEs exactly the columns of the dbt model fct_transactions', () => {
    const model = fs.readFileSync(repoPath('dbt', 'credit-card', 'models', 'marts', 'fct_transactions.sql'), 'utf8');
    // The model's own column list: the last select on a line of its own (an incremental run's
    // `except select * ...` follows it).
    const finalSelect = model.slice(model.search(/\nselect\n(?![\s\S]*\nselect\n)/i));
    const modelColumns = [...finalSelect.matchAll(/^\s+\w+\.(\w+)(?:\s+as\s+(\w+))?,?\s*$/gim)].map((m) => (m[2] ?? m[1])!.toLowerCase());
    const merge = dag.tasks.find((t) => t.name === 'PROCESS_INCREMENTAL_TRANSACTIONS')!.definition;
    const insertColumns = /INSERT\s*\(([^)]*)\)/i
      .exec(merge)![1]!
      .split(',')
      .map((c) => c.trim().toLowerCase());
    expect(modelColumns.length).toBeGreaterThan(8);
    expect(insertColumns).toEqual(modelColumns);
  });
});

describe('the DAG checker', () => {
  const base = fs.readFileSync(repoPath('sql', 'credit-card', 'orchestration', 'pipeline_tasks.sql'), 'utf8');

  it('finds a child with a schedule, a missing predecessor and a root resumed before its child', () => {
    const broken = parseDag(`
      CREATE TASK a WAREHOUSE = W SCHEDULE = '1 MINUTE' AS SELECT 1;
      CREATE TASK b WAREHOUSE = W SCHEDULE = '1 MINUTE' AFTER a AS SELECT 2;
      CREATE TASK c WAREHOUSE = W AFTER nope AS SELECT 3;
      ALTER TASK a RESUME;
      ALTER TASK b RESUME;`);
    const problems = dagProblems(broken);
    expect(problems).toContain('B: a child task cannot have a SCHEDULE');
    expect(problems).toContain('C: AFTER NOPE, which is not defined');
    expect(problems).toContain('B must be RESUMEd before its predecessor A');
  });

  it('would notice a changed predecessor in the file', () => {
    const changed = parseDag(base.replace('AFTER run_dbt_transformations', 'AFTER generate_customer_data'));
    expect(changed.tasks.find((t) => t.name === 'TRAIN_CHURN_MODEL')!.predecessors).toEqual(['GENERATE_CUSTOMER_DATA']);
  });

  it('reads WHEN conditions with parentheses and multiple predecessors', () => {
    const dag = parseDag(`CREATE OR REPLACE TASK IF NOT EXISTS db.s."x" WAREHOUSE = w AFTER a, db.s.b
      WHEN SYSTEM$STREAM_HAS_DATA('s') AND (1 = 1) AS INSERT INTO t SELECT 'AS;' FROM s;`);
    expect(dag.tasks[0]).toMatchObject({
      name: 'x',
      predecessors: ['A', 'B'],
      condition: "SYSTEM$STREAM_HAS_DATA('s') AND (1 = 1)",
      definition: "INSERT INTO t SELECT 'AS;' FROM s",
    });
  });
});

describe('statement splitting', () => {
  it('keeps semicolons inside strings, quoted names, $$ blocks and comments', () => {
    const statements = splitStatements(`SELECT ';' AS "a;b"; -- one; two
      CREATE PROCEDURE p() RETURNS INT LANGUAGE PYTHON AS $$
x = 1; y = 2
$$;
      /* c; d */ SELECT 'it''s; fine'`);
    expect(statements.map((s) => s.text)).toEqual([
      `SELECT ';' AS "a;b"`,
      'CREATE PROCEDURE p() RETURNS INT LANGUAGE PYTHON AS $$\nx = 1; y = 2\n$$',
      "SELECT 'it''s; fine'",
    ]);
  });
});

describe('next scheduled time', () => {
  it('computes the cron root from the schedule (Sundays 02:00 UTC) and interval tasks from the clock', () => {
    expect(nextScheduledTime('USING CRON 0 2 * * SUN UTC', new Date('2025-06-30T12:00:00Z'))!.toISOString()).toBe('2025-07-06T02:00:00.000Z');
    expect(nextScheduledTime('USING CRON 0 2 * * SUN UTC', new Date('2025-07-06T01:59:00Z'))!.toISOString()).toBe('2025-07-06T02:00:00.000Z');
    expect(nextScheduledTime('5 MINUTE', new Date('2025-06-30T12:03:10Z'))!.toISOString()).toBe('2025-06-30T12:05:00.000Z');
    expect(nextScheduledTime(null)).toBeNull();
    expect(nextScheduledTime('whenever')).toBeNull();
  });
});

describe('sql/ files', () => {
  it('exist for every part of the Snowflake side', () => {
    for (const file of [
      'setup/01_setup.sql',
      'procedures/generate_customers.sql',
      'data_generation/generate_transactions.sql',
      'orchestration/pipeline_tasks.sql',
      'collaboration/create_share.sql',
      'collaboration/secure_views.sql',
      'eda/01_baseline_metrics.sql',
      'eda/02_pre_generation_eda.sql',
      'eda/04_delta_analysis.sql',
      'eda/05_telemetry_tracking.sql',
      'monitoring/task_history.sql',
      'monitoring/failed_tasks.sql',
      'monitoring/stream_status.sql',
    ]) {
      expect(fs.existsSync(path.join(repoPath('sql', 'credit-card'), file)), file).toBe(true);
    }
  });
});

describe('the secure views of the share', () => {
  /** Output columns of a dbt model's final select (`x.col,` or `... as col,` lines). */
  function modelColumns(file: string): string[] {
    const model = fs.readFileSync(repoPath('dbt', 'credit-card', 'models', 'marts', file), 'utf8');
    const finalSelect = model.slice(
      model.search(/\n\s*select\n(?![\s\S]*\n\s*select\n)/i),
      model.search(/\n\s*from\s+\w+\s+as\s+\w+\s*\n(?![\s\S]*\n\s*from\s+\w+\s+as\s+\w+\s*\n)/i),
    );
    return finalSelect.split('\n').flatMap((line) => {
      const alias = /\bas\s+(\w+),?\s*$/i.exec(line);
      if (alias) return [alias[1]!.toLowerCase()];
      const column = /^\s+\w+\.(\w+),?\s*$/.exec(line);
      return column ? [column[1]!.toLowerCase()] : [];
    });
  }

  it('read only columns that the dbt models customer_360_profile and customer_segments produce', () => {
    const views = fs.readFileSync(repoPath('sql', 'credit-card', 'collaboration', 'secure_views.sql'), 'utf8');
    const used = (alias: string) => [...new Set([...views.matchAll(new RegExp(`\\b${alias}\\.(\\w+)`, 'g'))].map((m) => m[1]!.toLowerCase()))];
    const profile = modelColumns('customer_360_profile.sql');
    const segments = modelColumns('customer_segments.sql');
    expect(profile).toContain('churn_risk_tier');
    expect(segments).toContain('decline_rate_pct');
    expect(used('p').filter((c) => !profile.includes(c))).toEqual([]);
    expect(used('s').filter((c) => !segments.includes(c))).toEqual([]);
    // No personal data in what is shared.
    expect(used('p')).not.toEqual(expect.arrayContaining(['email']));
    for (const pii of ['first_name', 'last_name', 'email', 'city']) expect(used('p')).not.toContain(pii);
  });
});
