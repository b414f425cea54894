/**
 * The media-subscriber pack's sources and raw layer: what the pack frame (CLI, pipeline stages,
 * scenes) calls. Generation writes the landing files; loading takes them into SFE_RAW_MEDIA;
 * the checks judge the result against the seed's volumes and the configured dirt.
 */
export { generateLanding, SOURCES, type GenerateLandingOptions, type LandingSummary, type SourceName, type SourceSummary, type DirtKind } from './generate.js';
export { loadLanding, type LoadLandingOptions, type LoadResult, type LoadIssue, type LoadIssueKind, type SourceLoad } from './ingest.js';
export { runMediaChecks, type MediaCheckParams } from './checks.js';
export { MEDIA_SCALES, DEFAULT_DIRT_RATES, HISTORY_DAYS, type MediaScale, type DirtRates } from './scales.js';
