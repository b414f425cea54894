import { ExitCode, UserError } from './errors.js';
import { printError } from './output.js';

let debug = process.argv.includes('--debug');

export function setDebug(on: boolean): void {
  debug = on;
}

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
export function reportError(err: unknown): number {
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
 * Wraps a command's action: resolves to the exit code it returns (default 0), reports errors, and
 * sets `process.exitCode` rather than calling process.exit so that output is flushed.
 */
export function runAction<A extends unknown[]>(action: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await action(...args);
      process.exitCode = code ?? ExitCode.ok;
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}
