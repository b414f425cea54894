import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { NarrationPanel } from './NarrationPanel.js';
import { deck } from '../../../test/tui/fixtures.js';

const scene = deck.scenes[5]!;

describe('NarrationPanel', () => {
  it('keeps every talking point whole and clips the narration above them', () => {
    const frame = render(<NarrationPanel scene={scene} failed={false} width={100} height={12} onboard={false} />).lastFrame()!;
    expect(frame).toContain('Talking points');
    expect(frame).toContain('Pre-aggregated marts keep every panel query');
    expect(frame).toContain('… ');
  });

  it('switches to the fallback talking points when the result failed', () => {
    const frame = render(<NarrationPanel scene={scene} failed width={100} height={12} onboard={false} />).lastFrame()!;
    expect(frame).toContain('Fallback talking points');
    expect(frame).toContain(scene.fallback_talking_points[0]!.slice(0, 40));
  });

  it('never runs past its width', () => {
    const frame = render(<NarrationPanel scene={scene} failed={false} width={80} height={9} onboard={false} />).lastFrame()!;
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});
