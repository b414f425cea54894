/**
 * What a run works on, independent of how it was asked for: the CLI parses its flags into a
 * RunConfig once, at the command boundary, and every layer below receives it as a value.
 */

import type { Pack } from './pack.js';

/** The three sizes every pack offers; each pack's manifest says how many of its entities each one means. */
export const SCALE_NAMES = ['test', 'small', 'full'] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

/** The scale a run uses when none is given. */
export const DEFAULT_SCALE: ScaleName = 'full';
export const DEFAULT_SEED = 42;
/** The last day of generated history. Fixed so that every run (and every presenter) sees the same numbers. */
export const DEFAULT_AS_OF = '2025-06-30';
export const DEFAULT_DATA_DIR = '.c360';

export type BackendChoice = 'local' | 'snowflake' | 'auto';

export interface RunConfig {
  /** The pack this run works on. */
  pack: Pack;
  /** Where this pack's local warehouse and its artifacts (dbt target, model files) live: `<data dir>/<pack>`. */
  dataDir: string;
  scale: ScaleName;
  seed: number;
  /** Last day of generated history, YYYY-MM-DD. */
  asOf: string;
  backend: BackendChoice;
  /** Snowflake connection name from connections.toml. */
  connection?: string;
}

/** A RunConfig with the documented defaults for everything not given. */
export function runConfig(partial: Partial<RunConfig> & Pick<RunConfig, 'dataDir' | 'pack'>): RunConfig {
  return { scale: DEFAULT_SCALE, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF, backend: 'auto', ...partial };
}
