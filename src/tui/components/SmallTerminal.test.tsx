import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { SmallTerminal } from './SmallTerminal.js';
import { Blackout } from './Blackout.js';

describe('SmallTerminal and Blackout', () => {
  it('says how big the terminal is and how big it must be', () => {
    const frame = render(<SmallTerminal columns={60} rows={20} minColumns={80} minRows={24} />).lastFrame()!;
    expect(frame).toContain('(60x20)');
    expect(frame).toContain('at least 80x24');
  });

  it('blackout draws nothing', () => {
    expect(
      render(<Blackout width={80} height={10} />)
        .lastFrame()!
        .trim(),
    ).toBe('');
  });
});
