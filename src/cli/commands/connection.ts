// PLACEHOLDER: the helper that owns this command replaces this file wholesale.
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { runAction } from '../run-action.js';

export function registerConnection(program: Command): void {
  program
    .command('connection')
    .description('Check the Snowflake connection')
    .allowUnknownOption()
    .action(runAction(async () => {
      throw new UserError('`connection` is not built yet');
    }));
}
