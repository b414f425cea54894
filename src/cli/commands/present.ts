// PLACEHOLDER: the helper that owns this command replaces this file wholesale.
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { runAction } from '../run-action.js';

export function registerPresent(program: Command): void {
  program
    .command('present', { isDefault: true })
    .description('Walk the panel through the scenes (the default command)')
    .allowUnknownOption()
    .action(runAction(async () => {
      throw new UserError('`present` is not built yet');
    }));
}
