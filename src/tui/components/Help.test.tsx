import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Help } from './Help.js';
import { helpRows } from '../keymap.js';

describe('Help', () => {
  it('lists every row of the keymap', () => {
    const frame = render(<Help width={90} height={30} />).lastFrame()!;
    for (const [keys, what] of helpRows()) {
      expect(frame).toContain(keys);
      expect(frame).toContain(what.slice(0, 30));
    }
  });

  it('fits a short screen: every key row, the closing lines dropped first', () => {
    const rows = helpRows().length;
    const frame = render(<Help width={80} height={rows + 3} />).lastFrame()!;
    expect(frame.split('\n')).toHaveLength(rows + 3);
    expect(frame).toContain('quit (restores');
    expect(frame).not.toContain('Press any key to close');
  });

  it('on a wide, short screen, two columns keep every key visible', () => {
    const frame = render(<Help width={160} height={14} />).lastFrame()!;
    expect(frame.split('\n')).toHaveLength(14);
    for (const [keys] of helpRows()) expect(frame).toContain(keys);
  });
});
