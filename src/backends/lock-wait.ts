import { BackendUnavailableError } from '../core/errors.js';

const LOCKED = /in use by another process/;

/**
 * Opens with `open`, and while the warehouse file is locked by another process (a `c360-demo sql`
 * in another terminal, a pipeline run) says who holds it and tries again, for at most `boundMs`.
 */
export async function retryWhileLocked<T>(
  open: () => Promise<T>,
  options: { boundMs?: number; everyMs?: number; onWait?: (message: string) => void } = {},
): Promise<T> {
  const boundMs = options.boundMs ?? 30_000;
  const started = Date.now();
  for (;;) {
    try {
      return await open();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!LOCKED.test(message)) throw err;
      const waited = Date.now() - started;
      if (waited >= boundMs) {
        const hint = err instanceof BackendUnavailableError ? err.hint : undefined;
        throw new BackendUnavailableError(`${message}; gave up after waiting ${Math.round(waited / 1000)} s`, hint);
      }
      options.onWait?.(`${message}: waiting for it (${Math.round(waited / 1000)} s of at most ${Math.round(boundMs / 1000)} s)`);
      await new Promise((r) => setTimeout(r, options.everyMs ?? 500));
    }
  }
}
