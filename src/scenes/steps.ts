import type { Scene } from './schema.js';
import type { Block } from './types.js';

export function stepCount(scene: Pick<Scene, 'steps'>): number {
  return Math.max(1, scene.steps.length);
}

/** The step each block belongs to: the first step whose `show` prefixes its title, else the previous block's. */
export function stepOfBlocks(scene: Pick<Scene, 'steps'>, blocks: Block[]): number[] {
  let current = 0;
  return blocks.map((b) => {
    const title = (b.title ?? '').toLowerCase();
    const found = title ? scene.steps.findIndex((s) => s.show.some((p) => title.startsWith(p.toLowerCase()))) : -1;
    if (found >= 0) current = found;
    return current;
  });
}

/** The blocks shown at `step` (all of them when the scene declares no steps). */
export function blocksOfStep(scene: Pick<Scene, 'steps'>, blocks: Block[], step: number): Block[] {
  if (scene.steps.length === 0) return blocks;
  const steps = stepOfBlocks(scene, blocks);
  return blocks.filter((_, i) => steps[i] === step);
}
