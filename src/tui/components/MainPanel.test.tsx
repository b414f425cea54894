import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { MainPanel, mainPanelLines, TWO_COLUMNS_FROM } from './MainPanel.js';
import { deck, SAMPLE_BLOCKS } from '../../../test/tui/fixtures.js';
import type { RunState } from '../state.js';

const c360 = deck.scenes[5]!;
const trigger = deck.scenes[2]!;
const ok = (blocks = SAMPLE_BLOCKS['customer-360']!): RunState => ({
  status: 'ok',
  result: { sceneId: c360.id, backend: 'local DuckDB f', blocks, sql: [], elapsedMs: 4, finishedAt: '' },
  target: 'primary',
  tag: 'local',
});
const base = { scene: c360, step: 0, showSql: false, width: 96, now: 0, mutates: false, color: false };

describe('mainPanelLines', () => {
  it('shows only the blocks of the current step', () => {
    const first = mainPanelLines({ ...base, state: ok() })
      .map((l) => l.text)
      .join('\n');
    expect(first).toContain('Segments: customers');
    expect(first).not.toContain('approved spend per month');
    const second = mainPanelLines({ ...base, step: 1, state: ok() })
      .map((l) => l.text)
      .join('\n');
    expect(second).toContain('approved spend per month');
  });

  it('lays results out in two columns on a wide panel', () => {
    const lines = mainPanelLines({ ...base, width: TWO_COLUMNS_FROM + 40, state: ok() });
    const withRight = lines.filter((l) => l.right);
    expect(withRight.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.text.startsWith('Overview'))).toBe(true);
    expect(withRight.some((l) => l.right!.text.startsWith('Segments: customers'))).toBe(true);
  });

  it('a scene that runs by itself says nothing about r while it starts; one that writes asks for r', () => {
    expect(
      mainPanelLines({ ...base, state: { status: 'idle' } })
        .map((l) => l.text)
        .join(''),
    ).not.toContain('Press r');
    expect(mainPanelLines({ ...base, scene: trigger, mutates: true, state: { status: 'idle' } })[0]!.text).toContain('press r to run it');
  });

  it('keeps the last result on screen while a re-run waits for a writer', () => {
    const previous = ok() as Extract<RunState, { status: 'ok' }>;
    const text = mainPanelLines({ ...base, blockedBy: 'Trigger', state: { status: 'running', startedAt: 0, target: 'primary', previous } })
      .map((l) => l.text)
      .join('\n');
    expect(text).toContain('Trigger is still running');
    expect(text).toContain('Segments: customers');
  });

  it('offers the local warehouse after a Snowflake failure', () => {
    const text = mainPanelLines({ ...base, state: { status: 'failed', error: 'host unreachable', target: 'primary', offerLocal: true } })
      .map((l) => l.text)
      .join('\n');
    expect(text).toContain('✘ The live result is unavailable: host unreachable');
    expect(text).toContain('l: show this scene from the local warehouse');
  });
});

describe('MainPanel', () => {
  it('draws the title with position and backend tag, and says how much is below', () => {
    const lines = Array.from({ length: 30 }, (_, i) => ({ text: `line ${i}` }));
    const frame = render(
      <MainPanel title="Customer 360" position="6/10 · 1/2" lines={lines} scroll={2} width={60} height={12} running={false} tag="local" />,
    ).lastFrame()!;
    expect(frame).toContain('6/10 · 1/2 Customer 360 [local]  ↓ 19 more');
    expect(frame).toContain('line 2');
    expect(frame).not.toContain('line 1 ');
  });
});
