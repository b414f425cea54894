import { currentIo } from './io.js';

/**
 * Ctrl-C aborts the running work through an AbortSignal (the statement is interrupted and its
 * transaction rolled back) instead of killing the process mid-write. A second Ctrl-C exits at once.
 */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let pressed = 0;
  // Signal handlers run outside the run's async context: keep its stderr now.
  const { stderr } = currentIo();
  const onSigint = () => {
    pressed += 1;
    if (pressed > 1) process.exit(130);
    stderr.write('\ninterrupting: rolling back the work in progress (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
