import type { Backend } from '../../backends/backend.js';
import { UserError } from '../../core/errors.js';
import { runValidation, type CheckResult } from '../../validate/checks.js';
import { tableExists } from '../../warehouse/schemas.js';
import { DEFAULT_DIRT_RATES, FULL_SCALE_SUBSCRIBERS, HISTORY_DAYS, SEED_DAILY_BANDS, type DirtRates } from './scales.js';

/** What the checks compare against: the figures the landing files were generated with. */
export interface MediaCheckParams {
  subscribers: number;
  contentBatchMinutes: number;
  dirtRates?: Partial<DirtRates>;
}

/** What to run when the staging layer predates the reconciliation its tasks record run by run. */
export const REBUILD_STAGING = 'c360-demo pipeline --pack media --fresh';

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

/** Check files 01-09 judge the raw layer, 10 and up the staging layer. */
export const isRawLayerCheck = (file: string): boolean => Number(/^(\d+)_/.exec(file)?.[1]) < 10;

/**
 * Runs the raw layer's checks (sql/media/eda/checks/01-09_name.sql) with the scale's figures
 * filled in; the pipeline's validate stage runs them with the staging layer's checks after them.
 */
export async function runMediaChecks(backend: Backend, params: MediaCheckParams): Promise<CheckResult[]> {
  if (!(await tableExists(backend, 'SFE_RAW_MEDIA.LOAD_HISTORY'))) {
    throw new UserError('SFE_RAW_MEDIA.LOAD_HISTORY does not exist yet', 1, 'generate and load the media sources first');
  }
  return runValidation(backend, { values: checkContext(params), include: isRawLayerCheck });
}
