import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * State that belongs to one command run rather than to the process: the secrets to mask and the
 * Snowflake driver's log. The CLI's run() opens a scope, so runs in one process (the tests run
 * commands in-process) never see each other's secrets or log lines. Outside a scope the process
 * has one.
 */
export interface RunScope {
  secrets: Set<string>;
  driverLog: string[];
}

const storage = new AsyncLocalStorage<RunScope>();
const processScope: RunScope = { secrets: new Set(), driverLog: [] };

export function runScope(): RunScope {
  return storage.getStore() ?? processScope;
}

export function inNewRunScope<T>(work: () => T): T {
  return storage.run({ secrets: new Set(), driverLog: [] }, work);
}
