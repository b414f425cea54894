import { UserError } from '../core/errors.js';
import { importPackModule, type Pack } from '../core/pack.js';
import type { Stage } from './pipeline.js';

/** What a pack's `src/scenario/<pack>/stages.ts` exports: its `c360-demo pipeline`, in order. */
interface PackStages {
  pipelineStages(): Stage[];
}

function isPackStages(value: unknown): value is PackStages {
  return typeof value === 'object' && value !== null && typeof (value as Partial<PackStages>).pipelineStages === 'function';
}

/**
 * The pack's pipeline stages, in order. The module is found by the pack's folder name, so a new
 * pack adds its own stages.ts and nothing here changes.
 */
export async function pipelineStages(pack: Pick<Pack, 'name'>): Promise<Stage[]> {
  const module = await importPackModule(pack, 'stages');
  if (!isPackStages(module)) throw new Error(`src/scenario/${pack.name}/stages.ts must export pipelineStages()`);
  return module.pipelineStages();
}

/** One stage of the pack's pipeline by name (`generate`, `validate`); a pack without it is bad input. */
export async function pipelineStage(pack: Pick<Pack, 'name'>, name: string): Promise<Stage> {
  const stages = await pipelineStages(pack);
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new UserError(`the ${pack.name} pack has no '${name}' stage`, undefined, `its pipeline is: ${stages.map((s) => s.name).join(' → ')}`);
  return stage;
}
