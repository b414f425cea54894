import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits `ms`, or less when `signal` aborts; resolves either way (the caller checks the signal).
 * Node removes its abort listener when the wait ends, so a poll loop can sleep many times on one signal.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return delay(ms, undefined, signal ? { signal } : undefined).catch(() => undefined);
}
