import { EventEmitter, once } from 'node:events';
import { maskSecrets } from '../util/secrets.js';
import { currentIo } from './io.js';

/** Everything user-facing goes through here, so secrets are masked in one place. */
export function printLine(text = ''): void {
  currentIo().stdout.write(`${maskSecrets(text)}\n`);
}

export function printError(text: string): void {
  currentIo().stderr.write(`${maskSecrets(text)}\n`);
}

export function printJson(value: unknown): void {
  printLine(JSON.stringify(value, null, 2));
}

/** Commander's help, version and parse errors go to the run's io too. */
export const commanderOutput = {
  writeOut: (text: string) => void currentIo().stdout.write(maskSecrets(text)),
  writeErr: (text: string) => void currentIo().stderr.write(maskSecrets(text)),
  outputError: (text: string) => printError(text.trimEnd()),
};

/**
 * Writes to the run's stdout (secrets masked), waiting while a pipe is full, so output of any size
 * goes through in bounded memory.
 */
export async function writeStdout(text: string): Promise<void> {
  const stdout = currentIo().stdout;
  if (stdout.write(maskSecrets(text)) === false && stdout instanceof EventEmitter) await once(stdout, 'drain');
}
