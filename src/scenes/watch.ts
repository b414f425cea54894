import fs from 'node:fs';
import path from 'node:path';
import { loadScenes } from './load.js';
import type { Scene } from './schema.js';
import type { ActionMeta } from './actions/meta.js';

export interface DeckUpdate {
  scenes: Scene[];
  /** The problem that kept a file's last good version on screen, if any. */
  message?: string;
}

/**
 * Watches a scenes folder (and its sql/) and reports the deck after each edit. A file that no
 * longer loads keeps its last good version, and the update says why.
 */
export function watchScenes(dir: string, catalog: Readonly<Record<string, ActionMeta>>, listener: (update: DeckUpdate) => void, debounceMs = 150): () => void {
  let good = new Map(loadScenes(dir, catalog).scenes.map((s) => [s.file, s]));
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    const deck = loadScenes(dir, catalog);
    const next = new Map(deck.scenes.map((s) => [s.file, s]));
    const broken = new Set(deck.problems.map((p) => p.file));
    // A broken file keeps its last good scene; a deleted file is gone.
    for (const file of broken) {
      const kept = good.get(file);
      if (kept && fs.existsSync(path.join(dir, file))) next.set(file, kept);
    }
    good = next;
    const scenes = [...next.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
    const message = deck.problems.length > 0
      ? `⚠ scene file ${deck.problems.map((p) => `${p.file} ${p.field}: ${p.message}`).join('; ')} (showing its last good version)`
      : '✓ scenes reloaded';
    if (scenes.length > 0) listener({ scenes, message });
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
  };
  const watchers = [dir, path.join(dir, 'sql')].filter((d) => fs.existsSync(d)).map((d) => fs.watch(d, schedule));
  return () => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
