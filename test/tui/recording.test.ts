import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recorder } from '../../src/scenes/runner.js';
import { readRecording } from '../../src/scenes/recording.js';

describe('Recorder (--record)', () => {
  it('writes every result as it arrives and lists the scenes still without one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-rec-'));
    try {
      const file = path.join(dir, 'rec.json');
      const recorder = new Recorder(file, ['architecture', 'trigger', 'monitor'], 'not run yet');
      recorder.save();
      expect(readRecording(file).missing).toEqual(['architecture', 'trigger', 'monitor']);
      recorder.add({ sceneId: 'monitor', backend: 'local DuckDB x', blocks: [], sql: [], elapsedMs: 1, finishedAt: '2025-06-30T00:00:00Z' });
      const saved = readRecording(file);
      expect(saved.backend).toBe('local DuckDB x');
      expect(Object.keys(saved.results)).toEqual(['monitor']);
      expect(saved.missing).toEqual(['architecture', 'trigger']);
      expect(recorder.missing()).toEqual(['architecture', 'trigger']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
