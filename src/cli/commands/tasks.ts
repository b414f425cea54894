// PLACEHOLDER: the helper that owns this command replaces this file wholesale.
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { runAction } from '../run-action.js';

export function registerTasks(program: Command): void {
  program
    .command('tasks')
    .description('The task DAG: show, execute NAME, history')
    .allowUnknownOption()
    .action(runAction(async () => {
      throw new UserError('`tasks` is not built yet');
    }));
}
