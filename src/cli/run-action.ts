import type { Command } from 'commander';
import { ExitCode, UserError } from '../core/errors.js';
import { printError } from './output.js';
import { setExitCode } from './io.js';

const FILE_SYSTEM_CODES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EPERM: 'the operation is not permitted',
  EACCES: 'permission denied',
  EIO: 'an input/output error occurred',
};

/** A failed file write or read (disk full, read-only, no permission) as one line, exit 3. */
function fileSystemProblem(err: unknown): UserError | undefined {
  const e = err as NodeJS.ErrnoException;
  const what = typeof e?.code === 'string' ? FILE_SYSTEM_CODES[e.code] : undefined;
  if (!what) return undefined;
  return new UserError(`cannot ${e.syscall ?? 'write'} ${e.path ?? 'a file'}: ${what}; what was there before is unchanged`, ExitCode.backendUnavailable);
}

/** Prints an error the way users should see it: one line (and a hint) for their errors, a stack only with --debug. */
export function reportError(err: unknown, debug = false): number {
  if (err instanceof UserError) {
    printError(`c360-demo: ${err.message}`);
    if (err.hint) printError(`  hint: ${err.hint}`);
    if (debug && err.stack) printError(err.stack);
    return err.exitCode;
  }
  const storage = fileSystemProblem(err);
  if (storage) return reportError(storage);
  const message = err instanceof Error ? err.message : String(err);
  printError(`c360-demo: unexpected error: ${message.split('\n')[0]}`);
  if (debug && err instanceof Error && err.stack) printError(err.stack);
  else printError('  hint: run again with --debug for details');
  return ExitCode.checkFailed;
}

/**
 * Wraps a command's action: records the exit code it returns (default 0) for run() to return,
 * and reports errors.
 * Commander passes the Command last; its parsed `--debug` decides whether stacks are shown.
 */
export function runAction<A extends unknown[]>(action: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const command = args[args.length - 1] as Command | undefined;
    const debug = command?.opts().debug === true;
    try {
      const code = await action(...args);
      setExitCode(code ?? ExitCode.ok);
    } catch (err) {
      setExitCode(reportError(err, debug));
    }
  };
}
