// PLACEHOLDER: the helper that owns this command replaces this file wholesale.
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { runAction } from '../run-action.js';

export function registerChurn(program: Command): void {
  program
    .command('churn')
    .description('Train and evaluate the churn model')
    .allowUnknownOption()
    .action(runAction(async () => {
      throw new UserError('`churn` is not built yet');
    }));
}
