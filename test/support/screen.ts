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
  /**
   * The output up to the end of its last complete line, ANSI stripped, kept as it grows: a redraw
   * every few milliseconds adds megabytes of output over a session, and stripping all of it again
   * on every poll cost more CPU than the program under test. No escape sequence spans a newline,
   * so stripping line-aligned pieces separately gives the same text.
   */
  private stripped = '';
  /** Where `stripped` ends in `raw`. */
  private strippedTo = 0;
  /** Offsets in `raw` where each piece appended to `stripped` starts, and where its text starts in `stripped`. */
  private readonly pieces: { raw: number; text: number }[] = [];
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
    const lineEnd = this.raw.lastIndexOf('\n') + 1;
    if (lineEnd > this.strippedTo) {
      this.pieces.push({ raw: this.strippedTo, text: this.stripped.length });
      this.stripped += strip(this.raw.slice(this.strippedTo, lineEnd));
      this.strippedTo = lineEnd;
    }
    const tail = strip(this.raw.slice(Math.max(from, this.strippedTo)));
    if (from >= this.strippedTo) return tail;
    // The first piece starting at or after `from`; what lies between `from` and it is stripped on its own.
    let lo = 0;
    let hi = this.pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.pieces[mid]!.raw < from) lo = mid + 1;
      else hi = mid;
    }
    const next = this.pieces[lo] ?? { raw: this.strippedTo, text: this.stripped.length };
    return strip(this.raw.slice(from, next.raw)) + this.stripped.slice(next.text) + tail;
  }
  /** Waits until the text after `from` (an offset into the raw output) matches; returns the wait in ms. */
  async waitFor(pattern: RegExp | string, from = 0, timeoutMs = 15_000): Promise<number> {
    const started = performance.now();
    let looked = -1;
    for (;;) {
      // Only new output can change the answer.
      const seen = this.raw.length === looked ? undefined : this.text(from);
      looked = this.raw.length;
      if (seen !== undefined && (typeof pattern === 'string' ? seen.includes(pattern) : pattern.test(seen))) return performance.now() - started;
      if (this.exitCode !== undefined) throw new Error(`exited (${this.exitCode}) before showing ${String(pattern)}; screen:\n${this.text(from).slice(-2000)}`);
      if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${String(pattern)}; screen:\n${this.text(from).slice(-3000)}`);
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }
  /** Sends keys; returns the offset of the output that follows them. */
  press(keys: string): number {
    const mark = this.raw.length;
    this.term.write(keys);
    return mark;
  }
  /** Resizes the terminal, as a person dragging its window does; returns the offset of the output that follows. */
  resize(cols: number, rows: number): number {
    const mark = this.raw.length;
    this.term.resize(cols, rows);
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
