/**
 * How much the media pack generates. Full scale is the seed's stated volumes over 90 days:
 * ~500-1,000 subscription events, ~50,000 content events and ~100-200 support tickets a day.
 *
 * 20,000 subscribers at full scale, because the subscription volume follows from billing: each
 * active subscriber pays once a month, so 20,000 give ~650 payments a day, plus signups, plan
 * changes and cancels: ~750 events a day, the middle of the seed's band. The same base reads
 * ~2.4 articles a day each (a daily news habit), ~47,000 human views a day plus bot traffic:
 * the seed's ~50,000. test and small keep every per-subscriber rate, so their volumes are the
 * full ones times subscribers / 20,000.
 */
import type { ScaleName } from '../../core/config.js';

export interface MediaScale {
  subscribers: number;
  /**
   * Width of one content CSV batch. The seed's platform delivers 1-minute batches; 90 days of them
   * is 129,600 files, which measured 22 s to write and 28 s to read here, so the history is
   * written in wider batches (the live feed writes 1-minute ones). Each file costs a few
   * milliseconds to write and to load whatever its size, so smaller scales use wider batches:
   * about 2,000 rows a file at full and small scale; one file a day at test scale keeps the suite fast.
   */
  contentBatchMinutes: number;
}

export const MEDIA_SCALES: Record<ScaleName, MediaScale> = {
  test: { subscribers: 200, contentBatchMinutes: 1440 },
  small: { subscribers: 2_000, contentBatchMinutes: 480 },
  full: { subscribers: 20_000, contentBatchMinutes: 60 },
};

/** The subscriber count the seed's volumes correspond to (see above). */
export const FULL_SCALE_SUBSCRIBERS = MEDIA_SCALES.full.subscribers;

/** Days of history, as the seed has it ("uniform over the last 90 days"). */
export const HISTORY_DAYS = 90;

/** The seed's daily volume bands at full scale; a smaller scale multiplies them by its share of subscribers. */
export const SEED_DAILY_BANDS = {
  subscriptionEvents: { min: 500, max: 1_000 },
  contentEvents: { min: 40_000, max: 60_000 },
  supportTickets: { min: 100, max: 200 },
} as const;

/**
 * Share of source records that carry each kind of dirt. Each record has at most one kind
 * (duplicates are extra copies of clean records), so the counts add up.
 */
export interface DirtRates {
  /** Subscription JSON lines cut short: not parseable, they go to LOAD_ERRORS. */
  malformedJson: number;
  /** Content CSV lines missing columns: the CSV reader rejects them into LOAD_ERRORS. */
  malformedCsv: number;
  /** A required field left out (subscription: subscriber_id, event_type or event_timestamp; content: article_id; tickets: subscriber_id). */
  missingField: number;
  /** An event_timestamp that does not parse, or lies after the as-of date. */
  invalidTimestamp: number;
  /** The same record (same natural key) delivered again in a later file. */
  duplicate: number;
  /** A subscriber_id no subscriber has. */
  orphan: number;
}

export const DEFAULT_DIRT_RATES: DirtRates = {
  malformedJson: 0.005,
  malformedCsv: 0.001,
  missingField: 0.01,
  invalidTimestamp: 0.005,
  duplicate: 0.01,
  orphan: 0.005,
};
