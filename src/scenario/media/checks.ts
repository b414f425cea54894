import fs from 'node:fs';
import type { Backend } from '../../backends/backend.js';
import { UserError } from '../../core/errors.js';
import { repoPath } from '../../util/paths.js';
import { renderSql } from '../../util/sql-template.js';
import { checkFiles, type CheckResult, type CheckStatus } from '../../validate/checks.js';
import { tableExists } from '../../warehouse/schemas.js';
import { DEFAULT_DIRT_RATES, FULL_SCALE_SUBSCRIBERS, HISTORY_DAYS, SEED_DAILY_BANDS, type DirtRates } from './scales.js';

/** What the checks compare against: the figures the landing files were generated with. */
export interface MediaCheckParams {
  subscribers: number;
  contentBatchMinutes: number;
  dirtRates?: Partial<DirtRates>;
}

const CHECK_DIR = ['sql', 'media', 'checks'] as const;

/** The template values: the seed's daily bands scaled to this run's subscribers, and the configured rates. */
export function checkContext(params: MediaCheckParams): Record<string, number> {
  const share = params.subscribers / FULL_SCALE_SUBSCRIBERS;
  const rates = { ...DEFAULT_DIRT_RATES, ...params.dirtRates };
  const band = (b: { min: number; max: number }) => ({ min: Number((b.min * share).toFixed(3)), max: Number((b.max * share).toFixed(3)) });
  const subscription = band(SEED_DAILY_BANDS.subscriptionEvents);
  const content = band(SEED_DAILY_BANDS.contentEvents);
  const ticket = band(SEED_DAILY_BANDS.supportTickets);
  return {
    days: HISTORY_DAYS,
    content_batches_per_day: 1440 / params.contentBatchMinutes,
    subscription_min: subscription.min,
    subscription_max: subscription.max,
    content_min: content.min,
    content_max: content.max,
    ticket_min: ticket.min,
    ticket_max: ticket.max,
    malformed_json_rate: rates.malformedJson,
    malformed_csv_rate: rates.malformedCsv,
  };
}

/**
 * Runs the raw layer's checks (sql/media/checks/NN_name.sql). Each file is one portable SELECT
 * returning one row (check_name, status, observed, expected), as the credit-card checks do;
 * the scale's figures are filled in first.
 */
export async function runMediaChecks(backend: Backend, params: MediaCheckParams): Promise<CheckResult[]> {
  if (!(await tableExists(backend, 'SFE_RAW_MEDIA', 'LOAD_HISTORY'))) {
    throw new UserError('SFE_RAW_MEDIA.LOAD_HISTORY does not exist yet', 1, 'generate and load the media sources first');
  }
  const dir = repoPath(...CHECK_DIR);
  const context = checkContext(params);
  const results: CheckResult[] = [];
  for (const [index, file] of checkFiles(dir).entries()) {
    const sql = renderSql(fs.readFileSync(`${dir}/${file}`, 'utf8'), context);
    const { rows } = await backend.query(sql);
    const row = rows[0];
    if (!row) throw new Error(`check ${file} returned no row`);
    const status = String(row.status ?? row.STATUS) as CheckStatus;
    results.push({
      order: index + 1,
      name: String(row.check_name ?? row.CHECK_NAME),
      status: status === 'pass' || status === 'warn' ? status : 'fail',
      observed: String(row.observed ?? row.OBSERVED ?? ''),
      expected: String(row.expected ?? row.EXPECTED ?? ''),
      file: `${CHECK_DIR.join('/')}/${file}`,
    });
  }
  return results;
}
