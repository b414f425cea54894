import type { Command } from 'commander';
import type { Backend } from '../backends/backend.js';
import type { CommonOptions } from '../cli/options.js';
import { printError } from '../cli/output.js';

/** Subcommands inherit the program's exit handling: a bad flag or missing argument exits 2. */
export function subcommand(parent: Command, name: string): Command {
  return parent.command(name).exitOverride().configureOutput({ outputError: (text) => printError(text.trimEnd()) });
}

/** Opens the backend read-write (tasks, stream and share change warehouse state), closes it after. */
export async function withBackend<T>(options: CommonOptions, work: (backend: Backend) => Promise<T>): Promise<T> {
  const { openBackend } = await import('../backends/open.js');
  const backend = await openBackend(options);
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}

/** Local times for people: 2025-06-30 14:03:07 (UTC). */
export function shortTime(iso: string | null): string | null {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : null;
}

export function seconds(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  return Math.round((Date.parse(to) - Date.parse(from)) / 100) / 10;
}
