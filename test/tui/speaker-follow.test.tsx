import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/tui/App.js';
import { SpeakerPublisher } from '../../src/tui/speaker/publisher.js';
import { ROOT, spawnCli, tempDir } from '../helpers/cli.js';
import { deck, FakeWarehouse, KEYS, waitFor } from './fixtures.js';

/**
 * Two processes, the way a speaker uses them: the presenter (here, in this process, on the fixture
 * deck) and `c360-demo notes --plain` (the built binary) in another. The notes follow every key
 * and pick up a presenter that restarts (the latency is measured by `npm run bench`).
 */
const scenes = deck.scenes;
const SIZE = { columns: 100, rows: 40 };
let dataDir: string;
let notes: ChildProcess;
const lines: { text: string; at: number }[] = [];
let stderr = '';

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('run `npm run build` first (npm test does)');
  dataDir = tempDir('c360-notes-');
  notes = spawnCli(['notes', '--plain', '--data-dir', dataDir]);
  let pending = '';
  notes.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const at = performance.now();
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const text of parts) lines.push({ text, at });
  });
  notes.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
});

afterAll(() => {
  cleanup();
  notes.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The line `notes --plain` prints for scene `index` at `step`, up to the title. */
const lineOf = (index: number, step: number) => `${index + 1}/10 ${scenes[index]!.id} step ${step + 1}/${Math.max(1, scenes[index]!.steps.length)}: `;

async function nextLine(prefix: string, from: number, timeoutMs = 5_000): Promise<{ text: string; at: number }> {
  const started = Date.now();
  for (;;) {
    const found = lines.slice(from).find((l) => l.text.startsWith(prefix));
    if (found) return found;
    if (Date.now() - started > timeoutMs)
      throw new Error(`notes never printed "${prefix}"; printed:\n${lines.map((l) => l.text).join('\n')}\nstderr:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('c360-demo notes in a second process', () => {
  it('follows every step and scene, and picks up a presenter that restarts', async () => {
    let speaker = new SpeakerPublisher(dataDir);
    let app = render(<App scenes={scenes} warehouse={new FakeWarehouse()} size={SIZE} color={false} speaker={speaker} />);
    await nextLine(lineOf(0, 0), 0);
    // With the view attached, the audience's screen has no narration panel.
    await waitFor(app.lastFrame, (f) => !f.includes('Talking points'));

    const latencies: number[] = [];
    for (let index = 0; index < scenes.length; index++) {
      for (let step = 0; step < Math.max(1, scenes[index]!.steps.length); step++) {
        if (index === 0 && step === 0) continue;
        const from = lines.length;
        const pressed = performance.now();
        app.stdin.write(KEYS.right);
        const line = await nextLine(lineOf(index, step), from);
        latencies.push(line.at - pressed);
      }
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    // The latency is measured by `npm run bench` (speakerFollow); here it is only shown.
    if (process.env.C360_TIMING)
      console.info(`notes follow latency over ${sorted.length} changes: median ${median.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`);
    expect(lines.at(-1)!.text).toContain('last scene');

    // The presenter quits; the view waits, then follows the next presenter at once.
    app.unmount();
    await speaker.close();
    await waitFor(
      () => stderr,
      (s) => s.includes('the presenter quit; waiting for the presenter…'),
    );
    const from = lines.length;
    const restarted = performance.now();
    speaker = new SpeakerPublisher(dataDir);
    app = render(<App scenes={scenes} warehouse={new FakeWarehouse()} startIndex={6} size={SIZE} color={false} speaker={speaker} />);
    const back = await nextLine(lineOf(6, 0), from);
    if (process.env.C360_TIMING) console.info(`notes followed the restarted presenter after ${(back.at - restarted).toFixed(0)} ms`);
    app.unmount();
    await speaker.close();
  });
});
