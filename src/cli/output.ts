import { maskSecrets } from '../util/secrets.js';

/** Everything user-facing goes through here, so secrets are masked in one place. */
export function printLine(text = ''): void {
  process.stdout.write(`${maskSecrets(text)}\n`);
}

export function printError(text: string): void {
  process.stderr.write(`${maskSecrets(text)}\n`);
}

export function printJson(value: unknown): void {
  printLine(JSON.stringify(value, null, 2));
}
