import { render } from 'ink';
import { PackPicker, type PackChoice } from './PackPicker.js';

/** Asks on the terminal which pack to present; undefined when the presenter leaves instead. */
export async function pickPack(packs: PackChoice[]): Promise<string | undefined> {
  let chosen: string | undefined;
  const instance = render(<PackPicker packs={packs} onChoose={(name) => (chosen = name)} />, { exitOnCtrlC: true });
  await instance.waitUntilExit();
  instance.clear();
  return chosen;
}
