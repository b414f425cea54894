import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { SceneStrip, sceneStripText } from './SceneStrip.js';
import { deck } from '../../../test/tui/fixtures.js';

describe('SceneStrip', () => {
  it('shows every scene number with its outcome', () => {
    const states = {
      architecture: {
        status: 'ok' as const,
        result: { sceneId: 'architecture', backend: 'x', blocks: [], sql: [], elapsedMs: 1, finishedAt: '' },
        target: 'primary' as const,
        tag: 'local' as const,
      },
      'task-dag': { status: 'failed' as const, error: 'x', target: 'primary' as const, offerLocal: false },
    };
    const frame = render(<SceneStrip scenes={deck.scenes} index={1} states={states} />).lastFrame()!;
    expect(frame).toBe('✓1 ✘2 3 4 5 6 7 8 9 10');
    expect(sceneStripText(deck.scenes, states)).toBe(frame);
  });
});
