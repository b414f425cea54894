// PLACEHOLDER: the helper that owns this command replaces this file wholesale.
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { runAction } from '../run-action.js';

export function registerShare(program: Command): void {
  program
    .command('share')
    .description('The secure share: show, query SQL')
    .allowUnknownOption()
    .action(runAction(async () => {
      throw new UserError('`share` is not built yet');
    }));
}
