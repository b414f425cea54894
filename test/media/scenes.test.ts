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

  it('the pipeline judges the churn model and reports the gate refusing it at test scale; scoring then waits for a deployed model', () => {
    expect(pipeline.status, pipeline.output).toBe(0);
    // 200 subscribers: 7 churners in the held-out week, too few for the shuffled-label control to clear 0.65.
    expect(pipeline.output).toMatch(/churn train\s+ok\s.*not deployed: shuffled-label AUC p95 failed \(held-out AUC 0\.874 > 0\.80/);
    expect(pipeline.output).toMatch(/score\s+ok\s.*no churn model deployed yet: nothing scored/);
  });
});
