import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { RehearsalSummary } from './RehearsalSummary.js';

describe('RehearsalSummary', () => {
  it('totals planned and actual time and lists each scene', () => {
    const frame = render(
      <RehearsalSummary
        width={90}
        rows={[
          { title: 'Architecture', plannedS: 120, actualMs: 90_000, status: 'ok' },
          { title: 'Trigger', plannedS: 60, actualMs: 125_000, status: 'not run' },
        ]}
      />,
    ).lastFrame()!;
    expect(frame).toContain('Rehearsal finished: 03:35 spent, 03:00 planned');
    expect(frame).toMatch(/Architecture\s+02:00\s+01:30\s+ok/);
    expect(frame).toMatch(/Trigger\s+01:00\s+02:05\s+not run/);
  });
});
