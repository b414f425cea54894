import { ExitCode, UserError } from '../core/errors.js';

/** Thrown inside template functions; the renderer adds the file and line. */
export class UnsupportedJinjaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedJinjaError';
  }
}

/** A problem in the dbt project (bad Jinja, missing ref, cycle...): one line with file:line. */
export class DbtProjectError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.badInput, hint);
    this.name = 'DbtProjectError';
  }
}
