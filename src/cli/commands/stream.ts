// PLACEHOLDER: the helper that owns this command replaces this file wholesale.
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { runAction } from '../run-action.js';

export function registerStream(program: Command): void {
  program
    .command('stream')
    .description('The change-data stream: status, append N, process')
    .allowUnknownOption()
    .action(runAction(async () => {
      throw new UserError('`stream` is not built yet');
    }));
}
