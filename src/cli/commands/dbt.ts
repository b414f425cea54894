// PLACEHOLDER: the helper that owns this command replaces this file wholesale.
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { runAction } from '../run-action.js';

export function registerDbt(program: Command): void {
  program
    .command('dbt')
    .description('Run the dbt project (build, run or test)')
    .allowUnknownOption()
    .action(runAction(async () => {
      throw new UserError('`dbt` is not built yet');
    }));
}
