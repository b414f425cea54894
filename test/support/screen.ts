import stripAnsi from 'strip-ansi';
import path from 'node:path';
import * as pty from 'node-pty';
import { packageRoot } from '../../src/util/paths.js';

export const root = packageRoot();
const bin = path.join(root, 'bin', 'c360-demo.js');

/**
 * A person at a terminal: no data dir override, no Snowflake settings from the developer's
 * machine, and no CI variable (Ink renders only its last frame when it sees CI=true).
 */
export function personEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => k !== 'C360_DATA_DIR' && k !== 'CI' && k !== 'CONTINUOUS_INTEGRATION' && !k.startsWith('CI_') && !k.startsWith('SNOWFLAKE_'),
    ),
  ) as Record<string, string>;
  return { ...env, FORCE_COLOR: '1', ...extra };
}

// strip-ansi handles colour and cursor sequences; the keypad-mode and charset switches Ink's terminal also sends are removed here.
const TERMINAL_MODES = new RegExp(`${String.fromCharCode(27)}(?:[()][A-Z0-9]|[=>])`, 'g');
export const strip = (s: string) => stripAnsi(s).replace(TERMINAL_MODES, '');

/** The built binary in a real pseudo-terminal: press keys, read what is on screen (ANSI stripped). */
export class Screen {
  raw = '';
  exitCode: number | undefined;
  private readonly term: pty.IPty;
  private readonly exited: Promise<number>;
  /** How often waitFor looks at the screen: finer when what is timed is a few milliseconds (the bench). */
  private readonly pollMs: number;
  constructor(args: string[], options: { size?: { cols: number; rows: number }; env?: Record<string, string>; pollMs?: number } = {}) {
    this.pollMs = options.pollMs ?? 20;
    const size = options.size ?? { cols: 120, rows: 40 };
    this.term = pty.spawn(process.execPath, [bin, ...args], {
      name: 'xterm-256color',
      cols: size.cols,
      rows: size.rows,
      cwd: root,
      env: options.env ?? personEnv(),
    });
    this.term.onData((d) => {
      this.raw += d;
    });
    this.exited = new Promise((resolve) =>
      this.term.onExit(({ exitCode }) => {
        this.exitCode = exitCode;
        resolve(exitCode);
      }),
    );
  }
  text(from = 0): string {
    return strip(this.raw.slice(from));
  }
  /** Waits until the text after `from` (an offset into the raw output) matches; returns the wait in ms. */
  async waitFor(pattern: RegExp | string, from = 0, timeoutMs = 15_000): Promise<number> {
    const started = performance.now();
    for (;;) {
      const seen = strip(this.raw.slice(from));
      if (typeof pattern === 'string' ? seen.includes(pattern) : pattern.test(seen)) return performance.now() - started;
      if (this.exitCode !== undefined) throw new Error(`exited (${this.exitCode}) before showing ${String(pattern)}; screen:\n${seen.slice(-2000)}`);
      if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${String(pattern)}; screen:\n${seen.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }
  /** Sends keys; returns the offset of the output that follows them. */
  press(keys: string): number {
    const mark = this.raw.length;
    this.term.write(keys);
    return mark;
  }
  exit(timeoutMs = 10_000): Promise<number> {
    return Promise.race([this.exited, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('did not exit')), timeoutMs))]);
  }
  kill(): void {
    if (this.exitCode === undefined) this.term.kill();
  }
}

export const KEY = { right: '\x1b[C', left: '\x1b[D', pageDown: '\x1b[6~', escape: '\x1b' };
