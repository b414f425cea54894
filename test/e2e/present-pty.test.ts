import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as pty from 'node-pty';
import { loadScenes } from '../../src/scenes/load.js';
import { packageRoot } from '../../src/util/paths.js';
import { buildTestWarehouse } from '../tui/warehouse-fixture.js';

/**
 * Runs the BUILT binary (npm test builds first) in a real pseudo-terminal, presses keys like a
 * person and reads what is on screen (ANSI stripped).
 */
// A person at a terminal: no data dir override, and no CI variable (Ink renders only the last frame
// when it sees CI=true, which is what CI runs of this very test set).
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'C360_DATA_DIR' && k !== 'CI' && k !== 'CONTINUOUS_INTEGRATION' && !k.startsWith('CI_')));
const root = packageRoot();
const bin = path.join(root, 'bin', 'c360-demo.js');
const scenes = loadScenes().scenes;
let dataDir: string;

const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][A-Z0-9]/g, '').replace(/\x1b[=>]/g, '');

class Screen {
  raw = '';
  exitCode: number | undefined;
  private readonly term: pty.IPty;
  private readonly exited: Promise<number>;
  constructor(args: string[], size = { cols: 120, rows: 40 }) {
    this.term = pty.spawn(process.execPath, [bin, ...args], { name: 'xterm-256color', cols: size.cols, rows: size.rows, cwd: root, env: { ...cleanEnv(), FORCE_COLOR: '1' } as Record<string, string> });
    this.term.onData((d) => {
      this.raw += d;
    });
    this.exited = new Promise((resolve) => this.term.onExit(({ exitCode }) => {
      this.exitCode = exitCode;
      resolve(exitCode);
    }));
  }
  text(): string {
    return strip(this.raw);
  }
  /** Waits until the text after `from` (an offset into the raw output) matches. */
  async waitFor(pattern: RegExp | string, from = 0, timeoutMs = 15_000): Promise<number> {
    const started = Date.now();
    for (;;) {
      const seen = strip(this.raw.slice(from));
      if (typeof pattern === 'string' ? seen.includes(pattern) : pattern.test(seen)) return Date.now() - started;
      if (this.exitCode !== undefined) throw new Error(`exited (${this.exitCode}) before showing ${String(pattern)}; screen:\n${seen.slice(-2000)}`);
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${String(pattern)}; screen:\n${seen.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
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

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'cli', 'main.js'))) throw new Error('run `npm run build` first (npm test does)');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-e2e-'));
  await buildTestWarehouse(dataDir);
}, 180_000);

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('c360-demo in a real terminal', () => {
  it('launches, walks every scene, runs the trigger, quits cleanly with exit 0', async () => {
    const launched = Date.now();
    const screen = new Screen(['--data-dir', dataDir, '--backend', 'local']);
    try {
      await screen.waitFor(`1/10 ${scenes[0]!.title}`);
      const firstFrameMs = Date.now() - launched;
      await screen.waitFor('Data flow');
      const dataMs = Date.now() - launched;
      const keyLatencies: number[] = [];
      for (let i = 1; i < scenes.length; i++) {
        const key = i % 2 === 0 ? ' ' : '\x1b[C'; // space and right arrow, alternately
        const mark = screen.press(key);
        keyLatencies.push(await screen.waitFor(`${i + 1}/10 ${scenes[i]!.title}`, mark));
        if (scenes[i]!.id === 'trigger') {
          await screen.waitFor('press r to run it', mark);
          const runMark = screen.press('r');
          await screen.waitFor(/running/, runMark);
          // The graph runs for real (test scale): every task reports, then the run's summary.
          await screen.waitFor(/Graph run \d+ from GENERATE_CUSTOMER_DATA|live result is unavailable/, runMark, 45_000);
          expect(screen.text()).toContain('GENERATE_TRANSACTION_DATA');
        }
      }
      const quitMark = screen.press('q');
      const code = await screen.exit();
      expect(code).toBe(0);
      // The alternate screen was left: the user's terminal is restored.
      expect(screen.raw.slice(quitMark)).toContain('\x1b[?1049l');
      const seen = screen.text();
      for (const s of scenes) expect(seen).toContain(s.title);
      console.log(`[e2e] first frame ${firstFrameMs} ms, first scene data ${dataMs} ms, key→redraw median ${keyLatencies.sort((a, b) => a - b)[Math.floor(keyLatencies.length / 2)]} ms, max ${Math.max(...keyLatencies)} ms`);
    } finally {
      screen.kill();
    }
  }, 90_000);

  it('asks for a bigger terminal when it is too small', async () => {
    const screen = new Screen(['--data-dir', dataDir, '--backend', 'local'], { cols: 60, rows: 20 });
    try {
      await screen.waitFor('enlarge it to at least 80x24');
      screen.press('q');
      expect(await screen.exit()).toBe(0);
    } finally {
      screen.kill();
    }
  }, 30_000);
});
