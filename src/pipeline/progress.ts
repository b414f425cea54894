import type { ProgressEvent, ProgressListener } from '../backends/backend.js';

/** Where progress goes (a run's stderr). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * Progress on `stream` (stderr): a redrawn bar when it is a terminal; one plain line per stage when
 * it is not (CI logs and pipes get "started" markers, never a stream of carriage returns).
 */
export function progressPrinter(stream: ProgressStream, enabled = true): ProgressListener & { done(): void } {
  const isTerminal = stream.isTTY === true;
  let last = '';
  let lastStage = '';
  const started = Date.now();
  const listener = ((event: ProgressEvent) => {
    if (!enabled) return;
    if (!isTerminal) {
      if (event.stage !== lastStage) stream.write(`${event.stage}: started\n`);
      lastStage = event.stage;
      return;
    }
    const width = 24;
    const bar =
      event.fraction === undefined
        ? ''
        : `[${'#'.repeat(Math.round(event.fraction * width)).padEnd(width, '.')}] ${String(Math.round(event.fraction * 100)).padStart(3)}% `;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const line = `${event.stage.padEnd(22)} ${bar}${event.message ?? ''} (${seconds}s)`;
    if (line === last) return;
    last = line;
    stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 100) - 1)}`);
  }) as ProgressListener & { done(): void };
  listener.done = () => {
    if (enabled && isTerminal && last) stream.write('\r\x1b[2K');
    last = '';
  };
  return listener;
}

/** Runs `work`, reporting elapsed time every `everyMs` while the single long statement inside runs. */
export async function withHeartbeat<T>(stage: string, onProgress: ProgressListener | undefined, estimateSeconds: number, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const timer = setInterval(() => {
    const elapsed = (Date.now() - started) / 1000;
    // An honest estimate: creeps towards 95% and never claims done before it is.
    onProgress?.({ stage, fraction: Math.min(0.95, elapsed / Math.max(estimateSeconds, 0.1)) });
  }, 200);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    onProgress?.({ stage, fraction: 1 });
  }
}
