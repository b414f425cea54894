import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { runCliInProcess } from '../support/cli.js';

let root: string;
let pipeline: { status: number | null; output: string };

beforeAll(async () => {
  root = tempDir('c360-media-scenes-');
  const result = await runCliInProcess(['pipeline', '--pack', 'media', '--scale', 'test', '--data-dir', root]);
  pipeline = { status: result.status, output: result.stdout + result.stderr };
}, 60_000);

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('media scenes', () => {
  it('present --plain --pack media shows the staging task graph with live task states', async () => {
    expect(pipeline.status, pipeline.output).toBe(0);
    const result = await runCliInProcess(['present', '--plain', '--pack', 'media', '--data-dir', root]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Streams and tasks — the staging graph');
    expect(result.stdout).toMatch(/SFE_PROCESS_SUBSCRIBERS_TASK\s+started/);
    expect(result.stdout).toMatch(/SFE_PROCESS_ENGAGEMENT_TASK\s+started/);
    expect(result.stdout).not.toMatch(/unavailable/i);
  });
});
