import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The directory holding package.json: where sql/, dbt/ and scenes/ live. Found by walking up,
 * because code runs both from src/ (tests) and dist/src/ (the bin).
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('c360-demo: cannot find the package root (package.json)');
    dir = parent;
  }
  cached = dir;
  return dir;
}

/** Path of a file shipped with the package, e.g. repoPath('sql', 'eda', 'checks'). */
export function repoPath(...parts: string[]): string {
  return path.join(packageRoot(), ...parts);
}

/** Reads a .sql (or any text) file shipped with the package. */
export function readRepoFile(...parts: string[]): string {
  return fs.readFileSync(repoPath(...parts), 'utf8');
}
