import { InvalidArgumentError, Option, type Command } from 'commander';
import { z } from 'zod';
import { UserError } from './errors.js';

/** Scales from the credit-card seed: `make test-pipeline` uses 1,000 customers, production 50,000. */
export const SCALES = { test: 1_000, small: 5_000, full: 50_000 } as const;
export type ScaleName = keyof typeof SCALES;

/** The last day of generated history. Fixed so that every run (and every presenter) sees the same numbers. */
export const DEFAULT_AS_OF = '2025-06-30';
export const DEFAULT_SEED = 42;

const commonSchema = z.object({
  dataDir: z.string().min(1),
  scale: z.enum(['test', 'small', 'full']),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  json: z.boolean(),
  fresh: z.boolean(),
  debug: z.boolean(),
  backend: z.enum(['local', 'snowflake', 'auto']),
  connection: z.string().optional(),
});

export type CommonOptions = z.infer<typeof commonSchema>;

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('--seed must be a non-negative integer.');
  const seed = Number(value);
  if (seed > 2 ** 31 - 1) throw new InvalidArgumentError('--seed must be below 2^31.');
  return seed;
}

/** History is 18 months before the as-of date; dates outside this range make no sense for the demo. */
export const AS_OF_YEARS = { first: 1990, last: 2100 } as const;

function parseAsOf(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError('--as-of must be a date like 2025-06-30.');
  }
  const year = date.getUTCFullYear();
  if (year < AS_OF_YEARS.first || year > AS_OF_YEARS.last) {
    throw new InvalidArgumentError(`--as-of must lie between ${AS_OF_YEARS.first}-01-01 and ${AS_OF_YEARS.last}-12-31.`);
  }
  return value;
}

/** Options every command that touches a warehouse shares. */
export function withWarehouseOptions(command: Command, defaults: { scale?: ScaleName } = {}): Command {
  return command
    .addOption(new Option('--data-dir <dir>', 'where the local warehouse lives').env('C360_DATA_DIR').default('.c360'))
    .addOption(new Option('--backend <kind>', 'warehouse to use').choices(['local', 'snowflake', 'auto']).default('auto'))
    .option('--connection <name>', 'Snowflake connection name from connections.toml')
    .addOption(new Option('--scale <scale>', 'data scale: test=1,000 customers, small=5,000, full=50,000').choices(Object.keys(SCALES)).default(defaults.scale ?? 'full'))
    .option('--seed <n>', 'random seed for generation', parseSeed, DEFAULT_SEED)
    .option('--as-of <date>', 'last day of generated history (YYYY-MM-DD)', parseAsOf, DEFAULT_AS_OF)
    .option('--json', 'machine-readable output on stdout (one JSON document)', false)
    .option('--fresh', 'rebuild from scratch (a damaged warehouse file is moved aside)', false)
    .option('--debug', 'show stack traces and internal detail (secrets stay masked)', false);
}

export function commonOptions(raw: Record<string, unknown>): CommonOptions {
  // An empty C360_DATA_DIR is the same as an unset one.
  const dataDir = raw.dataDir === '' ? '.c360' : raw.dataDir;
  const parsed = commonSchema.safeParse({ ...raw, dataDir, json: Boolean(raw.json), fresh: Boolean(raw.fresh), debug: Boolean(raw.debug) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`invalid option ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
