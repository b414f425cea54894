import type { Command } from 'commander';
import type { Backend } from '../backends/backend.js';
import type { RunConfig } from '../core/config.js';
import type { CommandOptions } from './options.js';
import { commanderOutput, printError } from './output.js';

/** Subcommands inherit the program's exit handling: a bad flag or missing argument exits 2. */
export function subcommand(parent: Command, name: string): Command {
  return parent.command(name).exitOverride().configureOutput(commanderOutput);
}

/** Opens the backend read-write (tasks, stream and share change warehouse state), closes it after. */
export async function withBackend<T>(config: RunConfig, work: (backend: Backend) => Promise<T>): Promise<T> {
  const { openBackend } = await import('../backends/open.js');
  const backend = await openBackend(config, { notice: printError });
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}

/** Times for people: 2025-06-30 14:03:07 (UTC). */
export function shortTime(iso: string | null): string | null {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : null;
}

export function seconds(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  return Math.round((Date.parse(to) - Date.parse(from)) / 100) / 10;
}

/**
 * The run configuration for a command that regenerates data: settings given on the command line
 * win; the others are the ones the local warehouse was last generated with, so a test-scale
 * warehouse is never silently rebuilt at full scale. Says which settings it took.
 */
export async function rememberedGeneration(options: CommandOptions, backend: Backend): Promise<RunConfig> {
  const { given, config } = options;
  if (backend.kind !== 'local' || (given.scale && given.seed && given.asOf)) return config;
  const { lastGenerationSettings } = await import('../telemetry/telemetry.js');
  const last = await lastGenerationSettings(backend);
  if (!last) return config;
  const remembered: RunConfig = {
    ...config,
    ...(given.scale || !last.scale ? {} : { scale: last.scale }),
    ...(given.seed ? {} : { seed: last.seed }),
    ...(given.asOf ? {} : { asOf: last.asOf }),
  };
  printError(
    `using the warehouse's generation settings: scale ${remembered.scale}, seed ${remembered.seed}, as-of ${remembered.asOf} (--scale, --seed and --as-of change them)`,
  );
  return remembered;
}
