/**
 * What a run works on, independent of how it was asked for: the CLI parses its flags into a
 * RunConfig once, at the command boundary, and every layer below receives it as a value.
 */

/** Scales from the credit-card seed: `make test-pipeline` uses 1,000 customers, production 50,000. */
export const SCALES = { test: 1_000, small: 5_000, full: 50_000 } as const;
export type ScaleName = keyof typeof SCALES;
export const SCALE_NAMES = Object.keys(SCALES) as ScaleName[];

/** The scale a run uses when none is given. */
export const DEFAULT_SCALE: ScaleName = 'full';
export const DEFAULT_SEED = 42;
/** The last day of generated history. Fixed so that every run (and every presenter) sees the same numbers. */
export const DEFAULT_AS_OF = '2025-06-30';
export const DEFAULT_DATA_DIR = '.c360';

export type BackendChoice = 'local' | 'snowflake' | 'auto';

export interface RunConfig {
  /** Where the local warehouse and its artifacts (dbt target, model files) live. */
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
export function runConfig(partial: Partial<RunConfig> & Pick<RunConfig, 'dataDir'>): RunConfig {
  return { scale: DEFAULT_SCALE, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF, backend: 'auto', ...partial };
}
