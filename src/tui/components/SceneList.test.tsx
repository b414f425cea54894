import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { SceneList } from './SceneList.js';
import { deck } from '../../../test/tui/fixtures.js';

describe('SceneList', () => {
  it('marks the current scene and each scene’s outcome', () => {
    const states = { architecture: { status: 'ok' as const, result: { sceneId: 'architecture', backend: 'x', blocks: [], sql: [], elapsedMs: 1, finishedAt: '' }, target: 'primary' as const, tag: 'local' as const }, 'task-dag': { status: 'failed' as const, error: 'x', target: 'primary' as const, offerLocal: false } };
    const frame = render(<SceneList scenes={deck.scenes} index={1} states={states} width={24} height={16} />).lastFrame()!;
    expect(frame).toContain(' ✓ 1 Architecture');
    expect(frame).toContain('▶✘ 2 The task DAG');
    expect(frame).toContain('2/10');
  });

  it('keeps the current scene visible when the list is taller than the panel', () => {
    const frame = render(<SceneList scenes={deck.scenes} index={9} states={{}} width={24} height={8} />).lastFrame()!;
    expect(frame).toContain('▶ 10 Wrap-up');
    expect(frame).not.toContain('1 Architecture');
  });
});
