/**
 * The credit-card pack's `c360-demo deploy`: what it creates on a Snowflake account, in the seed's
 * order, as data (src/deploy/plan.ts renders and runs it).
 */
import { DATABASE, type OwnedObject, type StepDefinition } from '../../deploy/plan.js';
import type { ViaLocalTable } from '../../deploy/snowflake-pipeline.js';
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
      title: 'streamlit/credit-card/ and streamlit/shared/ to a stage, then the Streamlit app CUSTOMER_360_APP',
      role: 'C360_ENGINEER',
      actions: [
        { upload: 'streamlit/credit-card', stage: inDb('PUBLIC', 'C360_STREAMLIT'), optional: true },
        // The module the app imports, beside its main file.
        { upload: 'streamlit/shared', stage: inDb('PUBLIC', 'C360_STREAMLIT'), optional: true },
        { sql: 'sql/credit-card/deploy/streamlit_app.sql' },
      ],
      creates: [{ kind: 'STREAMLIT', name: inDb('PUBLIC', 'CUSTOMER_360_APP') }],
    },
  ];
}

/**
 * `pipeline --backend snowflake --via local`: the bronze tables generated locally, written as
 * Parquet, loaded on Snowflake and compared by checksum, as sql/credit-card/setup/01_setup.sql
 * creates them, with the key that orders their files.
 */
export const viaLocalTables: ViaLocalTable[] = [
  {
    table: 'BRONZE_CUSTOMERS',
    key: 'customer_id',
    columns: [
      { name: 'customer_id', kind: 'text' },
      { name: 'first_name', kind: 'text' },
      { name: 'last_name', kind: 'text' },
      { name: 'email', kind: 'text' },
      { name: 'age', kind: 'number' },
      { name: 'state', kind: 'text' },
      { name: 'city', kind: 'text' },
      { name: 'employment_status', kind: 'text' },
      { name: 'card_type', kind: 'text' },
      { name: 'credit_limit', kind: 'number' },
      { name: 'account_open_date', kind: 'time' },
      { name: 'customer_segment', kind: 'text' },
      { name: 'decline_type', kind: 'text' },
    ],
  },
  {
    table: 'BRONZE_CREDIT_LIMIT_CHANGES',
    key: 'change_id',
    columns: [
      { name: 'change_id', kind: 'number' },
      { name: 'customer_id', kind: 'text' },
      { name: 'effective_date', kind: 'time' },
      { name: 'previous_credit_limit', kind: 'number' },
      { name: 'new_credit_limit', kind: 'number' },
      { name: 'change_reason', kind: 'text' },
    ],
  },
  {
    table: 'BRONZE_TRANSACTIONS',
    key: 'transaction_id',
    columns: [
      { name: 'transaction_id', kind: 'number' },
      { name: 'customer_id', kind: 'text' },
      { name: 'transaction_date', kind: 'time' },
      { name: 'transaction_amount', kind: 'number' },
      { name: 'merchant_name', kind: 'text' },
      { name: 'merchant_category', kind: 'text' },
      { name: 'channel', kind: 'text' },
      { name: 'status', kind: 'text' },
    ],
  },
];
