import fs from 'node:fs';
import { creditCard } from '../support/pack.js';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchScenes, type DeckUpdate } from '../../src/scenes/watch.js';
import { actionCatalog } from '../../src/scenes/actions/meta.js';
import { FIXTURE_SCENES } from './fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Waits for the next update that satisfies `test`. */
function next(updates: DeckUpdate[], test: (u: DeckUpdate) => boolean, timeoutMs = 4000): Promise<DeckUpdate> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      const found = updates.find(test);
      if (found) {
        resolve(found);
        return;
      }
      if (Date.now() - started > timeoutMs) {
        reject(new Error(`no matching update; got ${JSON.stringify(updates.map((u) => u.message))}`));
        return;
      }
      setTimeout(poll, 25);
    };
    poll();
  });
}

describe('rehearse mode: scene files reload as they are saved', () => {
  it('an edit shows up; a broken file keeps its last good version and says why', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-watch-'));
    dirs.push(dir);
    fs.cpSync(FIXTURE_SCENES, dir, { recursive: true });
    const updates: DeckUpdate[] = [];
    const stop = watchScenes(dir, actionCatalog(creditCard), (u) => updates.push(u), 50);
    try {
      const file = path.join(dir, '01-architecture.md');
      const original = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, original.replace(/^title: .*$/m, 'title: Architecture, edited'));
      const edited = await next(updates, (u) => u.scenes[0]!.title === 'Architecture, edited');
      expect(edited.message).toBe('✓ scenes reloaded');
      fs.writeFileSync(file, original.replace(/^order: .*$/m, 'order: [oops'));
      const broken = await next(updates, (u) => (u.message ?? '').startsWith('⚠'));
      expect(broken.message).toContain('01-architecture.md');
      expect(broken.scenes[0]!.title).toBe('Architecture, edited');
      expect(broken.scenes).toHaveLength(10);
    } finally {
      stop();
    }
  });
});
