/**
 * The credit-card pack's `c360-demo deploy`: what it creates on a Snowflake account, in the seed's
 * order, as data (src/deploy/plan.ts renders and runs it).
 */
import { DATABASE, type OwnedObject, type StepDefinition } from '../../deploy/plan.js';
import type { Pack } from '../../core/pack.js';
import { loadDag } from '../../orchestration/dag.js';

const inDb = (schema: string, name: string) => `${DATABASE}.${schema}.${name}`;

/** The seed's order: account objects, the procedure, the scripts the tasks run, dbt, the tasks, the share, the app. */
export function deploySteps(pack: Pack): StepDefinition[] {
  const dag = loadDag(pack);
  return [
    {
      name: 'setup',
      title: 'warehouse COMPUTE_WH, roles, database CUSTOMER_ANALYTICS and its schemas, bronze tables',
      role: 'ACCOUNTADMIN',
      actions: [{ sql: 'sql/credit-card/setup/01_setup.sql' }],
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
      actions: [{ sql: 'sql/credit-card/deploy/stages.sql' }],
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
      actions: [{ sql: 'sql/credit-card/procedures/generate_customers.sql' }],
      creates: [{ kind: 'PROCEDURE', name: inDb('BRONZE', 'GENERATE_CUSTOMERS'), signature: '(INTEGER, INTEGER, VARCHAR)' }],
    },
    {
      name: 'scripts',
      title: 'sql/credit-card/ to @BRONZE.C360_SQL: transaction generation, churn model (ML), secure views',
      role: 'C360_ENGINEER',
      actions: [{ upload: 'sql/credit-card', stage: inDb('BRONZE', 'C360_SQL') }],
      creates: [],
    },
    {
      name: 'dbt',
      title: 'dbt/ to a stage, then the dbt project object CUSTOMER_ANALYTICS_DBT',
      role: 'C360_ENGINEER',
      actions: [{ upload: 'dbt/credit-card', stage: inDb('PUBLIC', 'C360_DBT_PROJECT') }, { sql: 'sql/credit-card/deploy/dbt_project.sql' }],
      creates: [{ kind: 'DBT PROJECT', name: inDb('PUBLIC', 'CUSTOMER_ANALYTICS_DBT') }],
    },
    {
      name: 'tasks',
      title: 'task graph (children resumed before the root), stream, incremental task',
      role: 'C360_ENGINEER',
      actions: [{ sql: 'sql/credit-card/deploy/suspend_tasks.sql' }, { sql: 'sql/credit-card/orchestration/pipeline_tasks.sql' }],
      // What pipeline_tasks.sql creates, read from it (the same parse the local emulation uses); it
      // runs in BRONZE (its USE SCHEMA).
      creates: [
        ...dag.tasks.map((t): OwnedObject => ({ kind: 'TASK', name: inDb('BRONZE', t.name) })),
        ...dag.streams.map((s): OwnedObject => ({ kind: 'STREAM', name: inDb('BRONZE', s.name) })),
      ],
    },
    {
      name: 'share',
      title: 'secure share CUSTOMER_360_INSIGHTS (its views are granted when the pipeline creates them)',
      role: 'C360_ENGINEER',
      actions: [{ sql: 'sql/credit-card/collaboration/create_share.sql' }],
      creates: [{ kind: 'SHARE', name: 'CUSTOMER_360_INSIGHTS' }],
    },
    {
      name: 'streamlit',
      title: 'streamlit/ to a stage, then the Streamlit app CUSTOMER_360_APP',
      role: 'C360_ENGINEER',
      actions: [
        { upload: 'streamlit/credit-card', stage: inDb('PUBLIC', 'C360_STREAMLIT'), optional: true },
        { sql: 'sql/credit-card/deploy/streamlit_app.sql' },
      ],
      creates: [{ kind: 'STREAMLIT', name: inDb('PUBLIC', 'CUSTOMER_360_APP') }],
    },
  ];
}
