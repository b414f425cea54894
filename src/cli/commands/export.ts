// PLACEHOLDER: the helper that owns this command replaces this file wholesale.
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { runAction } from '../run-action.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Write a Markdown run-book of every scene')
    .allowUnknownOption()
    .action(runAction(async () => {
      throw new UserError('`export` is not built yet');
    }));
}
