import { mutates as writes } from './actions/meta.js';
import type { SceneRunner } from './runner.js';
import type { Scene } from './schema.js';
import type { SceneOutcome } from './render-text.js';
import type { ExecutedSql } from './types.js';

/**
 * Runs every scene in order (no TUI): read-only actions always, the ones that change the
 * warehouse only with `execute` (a recording replays them all).
 */
export async function runScenes(scenes: Scene[], runner: SceneRunner, options: { execute?: boolean; onOutcome?: (scene: Scene, outcome: SceneOutcome, index: number) => void } = {}): Promise<SceneOutcome[]> {
  const outcomes: SceneOutcome[] = [];
  for (const [index, scene] of scenes.entries()) {
    let outcome: SceneOutcome;
    const mutates = writes(scene);
    if (mutates && !options.execute && runner.kind !== 'replay') {
      outcome = { status: 'skipped', reason: `action "${scene.action}" changes the warehouse; pass --execute to run it` };
    } else {
      try {
        outcome = { status: 'ok', result: await runner.run(scene) };
      } catch (err) {
        outcome = { status: 'failed', error: (err instanceof Error ? err.message : String(err)).split('\n')[0]!, sql: (err as { sql?: ExecutedSql[] }).sql };
      }
    }
    outcomes.push(outcome);
    options.onOutcome?.(scene, outcome, index);
  }
  return outcomes;
}
