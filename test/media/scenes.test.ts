import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';
import { copyMediaWarehouse, mediaPipelineReport } from '../support/warehouse.js';

let root: string;

beforeAll(() => {
  // The suite's `pipeline --pack media --scale test` (test/support/global-setup.ts), copied.
  root = copyMediaWarehouse('c360-media-scenes-');
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('media scenes', () => {
  it('present --plain --pack media shows the staging task graph with live task states', async () => {
    expect(mediaPipelineReport().filter((r) => r.status !== 'ok')).toEqual([]);
    const result = await runCliInProcess(['present', '--plain', '--pack', 'media', '--data-dir', root]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Streams and tasks — the staging graph');
    expect(result.stdout).toMatch(/SFE_PROCESS_SUBSCRIBERS_TASK\s+started/);
    expect(result.stdout).toMatch(/SFE_PROCESS_ENGAGEMENT_TASK\s+started/);
    expect(result.stdout).not.toMatch(/unavailable/i);
  });
});
