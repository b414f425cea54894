import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Footer } from './Footer.js';

describe('Footer', () => {
  it('shows the keys and both clocks against their budgets', () => {
    const frame = render(
      <Footer width={120} sceneElapsedMs={65_000} sceneBudgetS={120} talkElapsedMs={600_000} talkBudgetS={1260} hint="→ next · q quit" />,
    ).lastFrame()!;
    expect(frame).toMatch(/^→ next · q quit +scene 01:05\/02:00 · talk 10:00\/21:00$/);
  });

  it('keeps the scene clock on a narrow screen and cuts the hint, not the clock', () => {
    const frame = render(
      <Footer width={80} sceneElapsedMs={1000} sceneBudgetS={60} talkElapsedMs={0} talkBudgetS={60} hint={'a very long hint '.repeat(10)} />,
    ).lastFrame()!;
    expect(frame.length).toBeLessThanOrEqual(80);
    expect(frame).toContain('scene 00:01/01:00');
    expect(frame).toContain('…');
  });
});
