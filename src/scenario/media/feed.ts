/**
 * The media pack's live feed, found by `c360-demo feed` through the pack's folder name: a pack
 * without this module has no feed.
 */
export {
  runFeed,
  nextFeedBatch,
  SEED_EVENTS_PER_MINUTE,
  SEED_TARGETS,
  TASK_SCHEDULE_MS,
  type FeedOptions,
  type FeedStatus,
  type FeedSummary,
} from './feed/run.js';
export { runSnowflakeFeed, type SnowflakeFeedOptions } from './feed/snowflake.js';
