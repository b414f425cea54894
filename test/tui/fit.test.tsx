import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import path from 'node:path';
import { App } from '../../src/tui/App.js';
import { readRecording, ReplayRunner } from '../../src/scenes/runner.js';
import { RunnerSession } from '../../src/scenes/session.js';
import { blocksOfStep, stepCount } from '../../src/scenes/steps.js';
import { textWidth } from '../../src/text/width.js';
import { deck, KEYS, waitFor } from './fixtures.js';

/**
 * Every scene and every step, with real results (a recording of the fixture deck at test scale),
 * at the three sizes a presenter meets: nothing may run past the screen, and from 120x40 up each
 * step must fit without scrolling and without cut text.
 */
const recordingFile = path.join(import.meta.dirname, 'fixture-results.json');
const SIZES = [
  { columns: 80, rows: 24, strict: false },
  { columns: 120, rows: 40, strict: true },
  { columns: 200, rows: 60, strict: true },
];

afterEach(() => cleanup());

function problems(frame: string, size: { columns: number; rows: number; strict: boolean }): string[] {
  const out: string[] = [];
  const lines = frame.split('\n');
  if (lines.length > size.rows) out.push(`${lines.length} lines on a ${size.rows}-row screen`);
  lines.forEach((l, i) => {
    if (textWidth(l) > size.columns) out.push(`line ${i + 1} is ${textWidth(l)} columns wide`);
  });
  if (!/\? help/.test(frame)) out.push('the ? hint is cut');
  if (size.strict) {
    const more = /↓ (\d+) more/.exec(frame);
    if (more && more[1] !== '0') out.push(`needs scrolling: ${more[0]}`);
    // The header may shorten a long warehouse label; the results and notes may not cut anything.
    lines.slice(1).forEach((l, i) => {
      if (l.includes('…')) out.push(`line ${i + 2} is cut: ${l.trim()}`);
    });
  }
  return out;
}

describe('scene steps', () => {
  it('every declared step shows at least one block of the scene’s real result', () => {
    const recording = readRecording(recordingFile);
    const empty: string[] = [];
    for (const scene of deck.scenes) {
      const blocks = recording.results[scene.id]?.blocks ?? [];
      for (let step = 0; step < stepCount(scene); step++) if (blocksOfStep(scene, blocks, step).length === 0) empty.push(`${scene.id} step ${step + 1}`);
    }
    expect(empty).toEqual([]);
  });
});

describe.each(SIZES)('every scene and step at $columns x $rows', (size) => {
  const recording = readRecording(recordingFile);
  it.each(deck.scenes.map((s, i) => [s.id, i] as const))('%s', async (_id, index) => {
    const scene = deck.scenes[index]!;
    const warehouse = new RunnerSession(new ReplayRunner(recording, 'fixture-results.json'));
    const app = render(<App scenes={deck.scenes} warehouse={warehouse} startIndex={index} size={size} color={false} />);
    const found: string[] = [];
    await waitFor(app.lastFrame, (f) => f.includes(`${index + 1}/10`));
    if (!scene.auto_run || scene.action === 'trigger' || scene.action === 'stream') app.stdin.write('r');
    for (let step = 0; step < stepCount(scene); step++) {
      if (step > 0) app.stdin.write(KEYS.pageDown);
      const position = stepCount(scene) > 1 ? `${index + 1}/10 · ${step + 1}/` : `${index + 1}/10`;
      const frame = await waitFor(app.lastFrame, (f) => f.includes(position) && f.includes('[replay]'));
      found.push(...problems(frame, size).map((p) => `step ${step + 1}: ${p}`));
      if (found.length > 0 && process.env.C360_FIT_DEBUG) console.log(frame);
    }
    expect(found).toEqual([]);
  });
});
