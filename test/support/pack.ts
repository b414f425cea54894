import path from 'node:path';
import { loadPack, type Pack } from '../../src/core/pack.js';

/** The pack most tests work on. */
export const creditCard: Pack = loadPack('credit-card');

/** The media-subscriber pack. */
export const media: Pack = loadPack('media');

/** A pack's own folder inside a data dir, as the CLI resolves `--data-dir root --pack <pack>`. */
export function packDir(root: string, pack: Pick<Pack, 'name'> = creditCard): string {
  return path.join(root, pack.name);
}

/** What `openLocal` needs for the credit-card warehouse under a data dir. */
export function localWarehouse(root: string): { dataDir: string; pack: Pack } {
  return { dataDir: packDir(root), pack: creditCard };
}
