import type { ProgressEvent, ProgressListener } from '../backends/backend.js';

/**
 * Progress on stderr: a redrawn bar when stderr is a terminal; one plain line per stage when it is
 * not (CI logs and pipes get "started" markers, never a stream of carriage returns).
 */
export function stderrProgress(enabled = true, isTerminal = process.stderr.isTTY === true): ProgressListener & { done(): void } {
  let last = '';
  let lastStage = '';
  const started = Date.now();
  const listener = ((event: ProgressEvent) => {
    if (!enabled) return;
    if (!isTerminal) {
      if (event.stage !== lastStage) process.stderr.write(`${event.stage}: started\n`);
      lastStage = event.stage;
      return;
    }
    const width = 24;
    const bar = event.fraction === undefined
      ? ''
      : `[${'#'.repeat(Math.round(event.fraction * width)).padEnd(width, '.')}] ${String(Math.round(event.fraction * 100)).padStart(3)}% `;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const line = `${event.stage.padEnd(22)} ${bar}${event.message ?? ''} (${seconds}s)`;
    if (line === last) return;
    last = line;
    process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 100) - 1)}`);
  }) as ProgressListener & { done(): void };
  listener.done = () => {
    if (enabled && isTerminal && last) process.stderr.write('\r\x1b[2K');
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
