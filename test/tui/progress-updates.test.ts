import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROGRESS_EVERY_MS, progressUpdates } from '../../src/tui/hooks/progress-updates.js';

describe('a run’s progress on screen', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the first report at once, then the latest of every field at most once per interval', () => {
    const sent: { stage?: string; live?: number }[] = [];
    const updates = progressUpdates<{ stage: string; live: number }>((latest) => sent.push(latest));
    updates.report({ stage: 'generate' });
    expect(sent).toEqual([{ stage: 'generate' }]);
    updates.report({ stage: 'dbt build' });
    updates.report({ live: 1 });
    updates.report({ live: 2 });
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(PROGRESS_EVERY_MS);
    expect(sent).toEqual([{ stage: 'generate' }, { stage: 'dbt build', live: 2 }]);
    for (let i = 0; i < 100; i++) {
      updates.report({ live: i });
      vi.advanceTimersByTime(10);
    }
    // A report every 10 ms for a second: about one per interval reaches the screen, and the last one sent is current.
    expect(sent.length).toBeLessThanOrEqual(2 + Math.ceil(1000 / PROGRESS_EVERY_MS) + 1);
    vi.advanceTimersByTime(PROGRESS_EVERY_MS);
    expect(sent.at(-1)).toEqual({ live: 99 });
  });

  it('drops what is pending when the run ends: its outcome replaces it', () => {
    const sent: { stage?: string }[] = [];
    const updates = progressUpdates<{ stage: string }>((latest) => sent.push(latest));
    updates.report({ stage: 'generate' });
    updates.report({ stage: 'churn train' });
    updates.cancel();
    vi.advanceTimersByTime(PROGRESS_EVERY_MS * 2);
    expect(sent).toEqual([{ stage: 'generate' }]);
  });
});
