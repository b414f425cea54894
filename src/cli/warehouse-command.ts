import type { Command } from 'commander';
import type { Backend } from '../backends/backend.js';
import type { RunConfig } from '../core/config.js';
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
