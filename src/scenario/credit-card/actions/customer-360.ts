import type { Row } from '../../../backends/backend.js';
import type { ActionContext, Block, SceneAction } from '../../../scenes/types.js';
import { num, runSceneSql, str } from '../../../scenes/sql-run.js';
import { formatNumber } from '../../../text/charts/format.js';

const PROFILE_FIELDS: [string, string, 'money' | 'int' | 'text' | 'prob'][] = [
  ['customer_id', 'id', 'text'],
  ['first_name', 'first name', 'text'],
  ['last_name', 'last name', 'text'],
  ['age', 'age', 'int'],
  ['city', 'city', 'text'],
  ['state', 'state', 'text'],
  ['employment_status', 'employment', 'text'],
  ['customer_segment', 'segment', 'text'],
  ['card_type', 'card', 'text'],
  ['credit_limit', 'credit limit', 'money'],
  ['credit_limit_versions', 'limit versions (SCD2)', 'int'],
  ['account_open_date', 'customer since', 'text'],
  ['lifetime_spend', 'lifetime spend', 'money'],
  ['lifetime_transactions', 'transactions', 'int'],
  ['avg_transaction_value', 'avg ticket', 'money'],
  ['spend_last_90d', 'spend last 90d', 'money'],
  ['spend_trend_pct', 'trend vs prior 90d %', 'text'],
  ['days_since_last_transaction', 'days since last tx', 'int'],
  ['favourite_category', 'favourite category', 'text'],
  ['preferred_channel', 'preferred channel', 'text'],
  ['churn_probability', 'churn probability', 'prob'],
  ['churn_risk_tier', 'churn risk tier', 'text'],
];

function show(row: Row, key: string, format: 'money' | 'int' | 'text' | 'prob'): string {
  const v = row[key];
  if (v === null || v === undefined) return '—';
  if (format === 'text') return str(v);
  if (format === 'prob') return num(v).toFixed(3);
  if (format === 'money') return `$${num(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return formatNumber(num(v), format);
}

export function profileBlock(row: Row): Block {
  return {
    kind: 'table',
    title: `360 profile: ${str(row.customer_id)} (looked up by id)`,
    columns: ['field', 'value'],
    rows: PROFILE_FIELDS.filter(([k]) => k in row).map(([k, label, f]) => ({ field: label, value: show(row, k, f) })),
  };
}

/** Scene 6: the Streamlit app's four tabs, in the terminal. */
export const customer360: SceneAction = async (ctx) => {
  const overview = (await runSceneSql(ctx, 'c360_overview.sql')).rows[0] ?? {};
  const segments = await runSceneSql(ctx, 'c360_segment_mix.sql');
  const rolling = await runSceneSql(ctx, 'c360_rolling90.sql');
  const monthly = await runSceneSql(ctx, 'c360_monthly_trend.sql');
  const channels = await runSceneSql(ctx, 'c360_channel_mix.sql');
  const categories = await runSceneSql(ctx, 'c360_category_mix.sql');
  const profile = await runSceneSql(ctx, 'c360_profile.sql');

  const blocks: Block[] = [
    {
      kind: 'kpis',
      title: 'Overview',
      items: [
        { label: 'customers', value: formatNumber(num(overview.customers), 'int') },
        { label: 'approved tx', value: formatNumber(num(overview.approved_transactions), 'int') },
        { label: 'lifetime spend', value: formatNumber(num(overview.lifetime_spend), 'money') },
        { label: 'avg ticket', value: formatNumber(num(overview.avg_transaction_value), 'money') },
        { label: 'approval rate', value: `${num(overview.approval_rate_pct).toFixed(1)}%` },
        { label: 'avg spend 90d', value: formatNumber(num(overview.avg_spend_last_90d), 'money') },
        { label: 'high churn risk', value: formatNumber(num(overview.high_churn_risk), 'int') },
      ],
    },
    {
      kind: 'bars',
      title: 'Segments: customers',
      format: 'int',
      items: segments.rows.map((r) => ({ label: str(r.customer_segment), value: num(r.customers) })),
    },
    {
      kind: 'bars',
      title: 'Segments: spend per customer, rolling 90 days',
      format: 'money',
      items: rolling.rows.map((r) => ({ label: str(r.customer_segment), value: num(r.avg_spend_per_customer_90d) })).sort((a, b) => b.value - a.value),
    },
    {
      kind: 'line',
      title: 'Transactions: approved spend per month',
      format: 'money',
      labels: monthly.rows.map((r) => str(r.transaction_month).slice(0, 7)),
      values: monthly.rows.map((r) => num(r.total_spend)),
    },
    {
      kind: 'bars',
      title: 'Transactions: spend by channel',
      format: 'money',
      items: channels.rows.map((r) => ({ label: str(r.channel), value: num(r.total_spend) })),
    },
    {
      kind: 'bars',
      title: 'Transactions: spend by category',
      format: 'money',
      items: categories.rows.map((r) => ({ label: str(r.merchant_category), value: num(r.total_spend) })),
    },
  ];
  const row = profile.rows[0];
  blocks.push(
    row
      ? profileBlock(row)
      : { kind: 'text', title: '360 profile', lines: [`no customer ${String(ctx.params.customer_id ?? '')} in GOLD.CUSTOMER_360_PROFILE`] },
  );
  blocks.push(await streamlitAppBlock(ctx));
  return blocks;
};

const APP = 'CUSTOMER_ANALYTICS.PUBLIC.CUSTOMER_360_APP';

/** Where the Streamlit app with the same four tabs is: its Snowsight address on Snowflake. */
async function streamlitAppBlock(ctx: ActionContext): Promise<Block> {
  const title = 'The Streamlit app';
  const listed = 'c360_streamlit_app.sql' in ctx.sqlFiles && 'c360_snowsight_account.sql' in ctx.sqlFiles;
  if (ctx.backend.kind !== 'snowflake' || !listed) {
    return { kind: 'text', title, lines: [`These panels are the app's four tabs (streamlit/). c360-demo deploy installs it on Snowflake as ${APP}.`] };
  }
  const app = (await runSceneSql(ctx, 'c360_streamlit_app.sql')).rows[0];
  if (!app) return { kind: 'text', title, lines: [`${APP} is not on this account yet: c360-demo deploy installs it.`] };
  const account = (await runSceneSql(ctx, 'c360_snowsight_account.sql')).rows[0] ?? {};
  const [org, name] = Object.values(account).map((v) => str(v).toLowerCase());
  const lines = [`${APP} (owner ${str(app.owner)}, warehouse ${str(app.query_warehouse)})`];
  if (org && name) lines.push(`https://app.snowflake.com/${org}/${name}/#/streamlit-apps/${APP}`);
  return { kind: 'text', title, lines };
}
