/** Exit codes, as documented in the README: the contract scripts rely on. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  badInput: 2,
  backendUnavailable: 3,
  interrupted: 130,
} as const;

/**
 * An error the user can act on: printed as one line, no stack trace (unless --debug),
 * and the process exits with `exitCode`.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.badInput,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The backend (DuckDB file, Snowflake account) cannot be used. */
export class BackendUnavailableError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.backendUnavailable, hint);
    this.name = 'BackendUnavailableError';
  }
}

/** The user pressed Ctrl-C; work in progress was rolled back. */
export class InterruptedError extends UserError {
  constructor(message = 'interrupted: nothing was changed') {
    super(message, ExitCode.interrupted);
    this.name = 'InterruptedError';
  }
}
