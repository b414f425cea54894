import type { Block, SceneAction } from '../../../scenes/types.js';
import { num, str } from '../../../scenes/sql-run.js';
import { count, timedQueries } from './shared.js';

const money = (value: unknown) => (Number.isFinite(num(value as never)) ? `$${num(value as never).toFixed(2)}` : '—');
const day = (value: unknown) => (value === null || value === undefined ? '—' : str(value as never).slice(0, 10));

/** One subscriber's 360 view: who they are, what they pay, how they read, their support and their churn risk (`c` looks up another). */
export const subscriber360: SceneAction = async (ctx) => {
  const sql = timedQueries(ctx);
  const profile = (await sql.run('sub360_profile.sql')).rows[0];
  if (!profile) {
    return [
      {
        kind: 'text',
        title: 'Subscriber 360',
        lines: [`no subscriber id starts with "${str(ctx.params.subscriber_id)}": press c and type the first characters of another`],
      },
      sql.timesBlock(),
    ];
  }
  const weekly = await sql.run('sub360_weekly.sql');
  const timeline = await sql.run('sub360_events.sql');
  const id = str(profile.subscriber_id);
  const risk =
    profile.churn_risk_score === null
      ? 'not scored (no deployed model)'
      : `${num(profile.churn_risk_score).toFixed(3)} ${str(profile.risk_tier)} (${day(profile.score_date)})`;
  const blocks: Block[] = [
    {
      kind: 'kpis',
      title: `360 profile: ${id}`,
      items: [
        { label: 'plan', value: `${str(profile.plan)}, ${str(profile.subscription_status)}${profile.cancel_date ? ` ${day(profile.cancel_date)}` : ''}` },
        { label: 'signed up', value: `${day(profile.signup_date)} (${count(profile.tenure_days)} days, ${str(profile.tenure_band)})` },
        { label: 'segment', value: str(profile.demographic_segment) },
        { label: 'lifetime value', value: `${money(profile.lifetime_value)} (${count(profile.payments_count)} payments)` },
        {
          label: 'last 30 days',
          value: `${count(profile.articles_30d)} articles on ${count(profile.reading_days_30d)} days, engagement ${num(profile.engagement_30d).toFixed(1)}`,
        },
        { label: 'last read', value: day(profile.last_read) },
        { label: 'tickets (90 days)', value: count(profile.tickets_90d) },
        { label: 'churn risk', value: risk },
      ],
    },
    {
      kind: 'line',
      title: `${id.slice(0, 8)}: articles read per week`,
      labels: weekly.rows.map((r) => day(r.week).slice(5)),
      values: weekly.rows.map((r) => num(r.articles)),
      format: 'int',
    },
    {
      kind: 'table',
      title: `${id.slice(0, 8)}: subscription events and support tickets, newest first`,
      columns: ['when', 'source', 'what', 'detail'],
      rows: timeline.rows.map((r) => ({ when: str(r.happened_at).slice(0, 16), source: str(r.source), what: str(r.what), detail: str(r.detail) })),
    },
    sql.timesBlock(),
  ];
  return blocks;
};
