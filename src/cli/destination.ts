import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, UserError } from '../core/errors.js';

/**
 * Checks, before any work starts, that `file` can be written: its folder exists and is writable,
 * and the path is not a folder itself. A talk must not run for twenty minutes and then fail to save.
 */
export function assertWritableFile(file: string, flag: string): void {
  const folder = path.dirname(path.resolve(file));
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(folder);
  } catch {
    throw new UserError(`${flag} ${file}: the folder ${folder} does not exist`, ExitCode.badInput, 'create it first, or choose another path');
  }
  if (!stat.isDirectory()) throw new UserError(`${flag} ${file}: ${folder} is not a folder`, ExitCode.badInput);
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    throw new UserError(`${flag} ${file}: the folder ${folder} is not writable`, ExitCode.badInput);
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UserError(`${flag} ${file} is a folder, not a file`, ExitCode.badInput);
}
