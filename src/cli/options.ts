import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import { DEFAULT_AS_OF, DEFAULT_DATA_DIR, DEFAULT_SEED, DEFAULT_SCALE, SCALE_NAMES, runConfig, type RunConfig } from '../core/config.js';
import { loadPack, packNames } from '../core/pack.js';

/** The pack a command works on when `--pack` is not given. */
export const DEFAULT_PACK = 'credit-card';

/** `--pack`, offered by every command that works on a pack's warehouse or files. */
export function packOption(): Option {
  return new Option('--pack <name>', 'which Customer 360 to work on').choices(packNames()).env('C360_PACK').default(DEFAULT_PACK);
}

/** What one command invocation asked for: the run configuration plus the flags only the CLI reads. */
export interface CommandOptions {
  config: RunConfig;
  /** Machine-readable output on stdout. */
  json: boolean;
  /** Move the current warehouse aside and rebuild (commands that rebuild only). */
  fresh: boolean;
  debug: boolean;
  /** Which generation settings were given on the command line; the others may come from the warehouse. */
  given: { scale: boolean; seed: boolean; asOf: boolean };
}

const rawSchema = z.object({
  dataDir: z.string().min(1),
  pack: z.string().min(1).default(DEFAULT_PACK),
  scale: z.enum(SCALE_NAMES).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  backend: z.enum(['local', 'snowflake', 'auto']),
  connection: z.string().optional(),
  json: z.boolean().optional(),
  fresh: z.boolean().optional(),
  debug: z.boolean().optional(),
});

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

/** Each pack's sizes for --help: "credit-card 1,000/5,000/50,000 customers". */
function scaleSizes(): string {
  return packNames()
    .map((name) => {
      const { scales, entity } = loadPack(name);
      return `${name} ${SCALE_NAMES.map((s) => scales[s].toLocaleString('en-US')).join('/')} ${entity}`;
    })
    .join(', ');
}

export interface WarehouseOptionSet {
  /** --scale, --seed, --as-of: only for commands that generate data. */
  generation?: boolean;
  /** --fresh: only for commands that rebuild the local warehouse. */
  fresh?: boolean;
  /** --json: commands with a machine-readable result. Default true. */
  json?: boolean;
}

/** The options of a command that touches a warehouse; each command offers only what it uses. */
export function withWarehouseOptions(command: Command, offered: WarehouseOptionSet = {}): Command {
  command
    .addOption(packOption())
    .addOption(new Option('--data-dir <dir>', 'where the local warehouses live (one folder per pack)').env('C360_DATA_DIR').default(DEFAULT_DATA_DIR))
    .addOption(new Option('--backend <kind>', 'warehouse to use').choices(['local', 'snowflake', 'auto']).default('auto'))
    .option('--connection <name>', 'Snowflake connection name from connections.toml');
  if (offered.generation) {
    command
      // No commander defaults: a setting not given is taken from the warehouse's last generation,
      // or else the documented default (core/config.ts).
      .addOption(
        new Option('--scale <scale>', `data scale, test/small/full (${scaleSizes()}; default: the warehouse's, else ${DEFAULT_SCALE})`).choices(SCALE_NAMES),
      )
      .option('--seed <n>', `random seed for generation (default: the warehouse's, else ${DEFAULT_SEED})`, parseSeed)
      .option('--as-of <date>', `last day of generated history, YYYY-MM-DD (default: the warehouse's, else ${DEFAULT_AS_OF})`, parseAsOf);
  }
  if (offered.json !== false) command.option('--json', 'machine-readable output on stdout (one JSON document)', false);
  if (offered.fresh) command.option('--fresh', 'rebuild from scratch (the current warehouse file is moved aside)', false);
  return command.option('--debug', 'show stack traces and internal detail (secrets stay masked)', false);
}

/** Parses commander's option values into the run configuration and the CLI's own flags. */
export function commandOptions(raw: Record<string, unknown>): CommandOptions {
  // An empty C360_DATA_DIR is the same as an unset one.
  const parsed = rawSchema.safeParse({ ...raw, dataDir: raw.dataDir === '' ? DEFAULT_DATA_DIR : raw.dataDir });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`invalid option ${issue.path.join('.')}: ${issue.message}`);
  }
  const o = parsed.data;
  if (fs.existsSync(o.dataDir) && !fs.statSync(o.dataDir).isDirectory()) {
    throw new UserError(`--data-dir ${o.dataDir} is a file, not a folder`, undefined, 'pass a folder (it is created if missing)');
  }
  const pack = loadPack(o.pack);
  const config = runConfig({
    pack,
    // Each pack keeps its warehouse and artefacts in its own folder, so both can be built side by side.
    dataDir: path.join(o.dataDir, pack.name),
    backend: o.backend,
    ...(o.scale === undefined ? {} : { scale: o.scale }),
    ...(o.seed === undefined ? {} : { seed: o.seed }),
    ...(o.asOf === undefined ? {} : { asOf: o.asOf }),
    ...(o.connection === undefined ? {} : { connection: o.connection }),
  });
  return {
    config,
    json: o.json === true,
    fresh: o.fresh === true,
    debug: o.debug === true,
    given: { scale: o.scale !== undefined, seed: o.seed !== undefined, asOf: o.asOf !== undefined },
  };
}
