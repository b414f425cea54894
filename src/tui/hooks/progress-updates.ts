import { throttle } from 'es-toolkit';

/**
 * The shortest gap between two progress updates of one run on screen. Ink redraws the whole screen
 * for each (15-20 ms of CPU at 120x40), and a dbt build reports every node: drawn one by one, the
 * redraws took a core's worth of CPU from the run they were showing.
 */
export const PROGRESS_EVERY_MS = 150;

/**
 * A run's progress reports, passed on the first at once and then at most one per
 * PROGRESS_EVERY_MS, each carrying the latest value of every field reported since the last.
 * `cancel` drops what is pending: the run's outcome replaces it.
 */
export function progressUpdates<T extends object>(send: (latest: Partial<T>) => void): { report(next: Partial<T>): void; cancel(): void } {
  let pending: Partial<T> = {};
  const flush = throttle(() => {
    const latest = pending;
    pending = {};
    send(latest);
  }, PROGRESS_EVERY_MS);
  return {
    report(next) {
      pending = { ...pending, ...next };
      flush();
    },
    cancel: () => flush.cancel(),
  };
}
