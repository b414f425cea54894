import { Readable } from 'node:stream';
import { run } from '../../src/cli/main.js';
import type { CliResult } from '../helpers/cli.js';

class Capture {
  text = '';
  readonly isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/**
 * Runs a command through the CLI's own entry, in this process, with stdout and stderr captured:
 * the same parsing, output and exit codes as the binary, without a Node start-up per command.
 * `env` applies for the duration of the run (runs in one file go one after another); like runCli,
 * C360_DATA_DIR starts empty and colour is off.
 */
export async function runCliInProcess(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; stdin?: string } = {},
): Promise<CliResult> {
  const env: Record<string, string | undefined> = { C360_DATA_DIR: undefined, FORCE_COLOR: '0', ...options.env };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const savedCwd = process.cwd();
  const stdout = new Capture();
  const stderr = new Capture();
  setEnv(env);
  if (options.cwd) process.chdir(options.cwd);
  try {
    const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]);
    const status = await run(args, { stdout, stderr, stdinIsTTY: false, stdin });
    return { status, stdout: stdout.text, stderr: stderr.text };
  } finally {
    if (options.cwd) process.chdir(savedCwd);
    setEnv(saved);
  }
}

function setEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) Reflect.deleteProperty(process.env, key);
    else process.env[key] = value;
  }
}
