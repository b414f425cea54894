import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDuckDbBackend } from '../../src/backends/local/duckdb-backend.js';
import { loadPack } from '../../src/core/pack.js';
import { runCliInProcess } from '../support/cli.js';
import { copyMediaWarehouse } from '../support/warehouse.js';

interface StageReport {
  stage: string;
  status: string;
  rows: number | null;
  detail: string;
}

let root: string;
// Starts from the suite's `pipeline --pack media --scale test` (seed 42), copied.
beforeAll(() => {
  root = copyMediaWarehouse('c360-media-regenerate-');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const pipeline = async (...args: string[]): Promise<StageReport[]> => {
  const result = await runCliInProcess(['pipeline', '--pack', 'media', '--scale', 'test', '--data-dir', root, '--json', ...args]);
  expect(result.status, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { stages: StageReport[] }).stages;
};

describe('generating the media sources again', () => {
  it('with other settings starts a new history: only the new files are loaded and staged, and every check passes', async () => {
    const again = await pipeline('--seed', '7');
    const load = again.find((s) => s.stage === 'load')!;
    expect(load.detail).toMatch(/ 0 skipped$/);
    expect(again.find((s) => s.stage === 'validate')!.detail).toBe('9 passed');
    const backend = await LocalDuckDbBackend.open({ dataDir: path.join(root, 'media'), pack: loadPack('media'), readOnly: true });
    try {
      const { rows } = await backend.query(
        'SELECT (SELECT count(*) FROM SFE_RAW_MEDIA.RAW_SUBSCRIBER_EVENTS) + (SELECT count(*) FROM SFE_RAW_MEDIA.RAW_CONTENT_ENGAGEMENT) + (SELECT count(*) FROM SFE_RAW_MEDIA.RAW_SUPPORT_INTERACTIONS) AS n',
      );
      // Nothing of the first history is left beside the second.
      expect(Number(rows[0]!.n)).toBe(load.rows);
    } finally {
      await backend.close();
    }
  });

  it('with the same settings writes the same files, and the load skips every one', async () => {
    const same = await pipeline('--seed', '7');
    expect(same.find((s) => s.stage === 'load')!.detail).toMatch(/^0 rows loaded, 0 rejected, 0 files loaded, \d+ skipped$/);
    expect(same.find((s) => s.stage === 'staging')!.detail).toMatch(/SKIPPED \+0.*SKIPPED \+0/);
  });
});
