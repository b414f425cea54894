import type { Pack } from '../src/core/pack.js';
import { DEFAULT_PACK } from '../src/cli/options.js';
import { defaultScenesDir, loadScenes } from '../src/scenes/load.js';
import { personEnv, Screen } from '../test/support/screen.js';
import { medianAndMax } from './summary.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The presenter's start on the bench's warehouse, as a presenter sees it: the built binary in a
 * pseudo-terminal (120x40), from spawning it to the first frame that shows the first scene's
 * title (the 1 s budget), and to that scene's data on screen, over `rounds` launches.
 */
export async function benchFirstFrame(options: { dataDir: string; pack: Pack; rounds?: number }): Promise<{
  launches: number;
  firstFrameMs: { median: number; max: number };
  sceneDataMs: { median: number; max: number } | null;
}> {
  const { scenes } = loadScenes(defaultScenesDir(options.pack));
  const first = scenes[0];
  if (!first) throw new Error(`the ${options.pack.name} pack has no scenes`);
  // What says the first scene's data is on screen, where the pack's first scene has a fixed label.
  const dataMarker = first.id === 'architecture' ? 'Data flow' : null;
  const frames: number[] = [];
  const data: number[] = [];
  for (let round = 0; round < (options.rounds ?? 3); round++) {
    const started = performance.now();
    // The default pack is started as the README says, without --pack (the presenter then looks for other built packs first).
    const packFlag = options.pack.name === DEFAULT_PACK ? [] : ['--pack', options.pack.name];
    const screen = new Screen(['--data-dir', options.dataDir, ...packFlag, '--backend', 'local'], { env: personEnv(), pollMs: 2 });
    try {
      // "1/13 Title", or "1/13 · 1/2 Title — Step" when the scene has steps.
      await screen.waitFor(new RegExp(`1/${scenes.length} (· 1/\\d+ )?${escapeRegExp(first.title.split(' — ')[0]!)}`), 0, 60_000);
      frames.push(performance.now() - started);
      if (dataMarker) {
        await screen.waitFor(dataMarker, 0, 60_000);
        data.push(performance.now() - started);
      }
      screen.press('q');
      await screen.exit();
    } finally {
      screen.kill();
    }
  }
  return { launches: frames.length, firstFrameMs: medianAndMax(frames), sceneDataMs: data.length > 0 ? medianAndMax(data) : null };
}
