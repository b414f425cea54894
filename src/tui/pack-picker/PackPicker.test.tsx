import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { PackPicker } from './PackPicker.js';

const packs = [
  { name: 'credit-card', title: 'Credit-card Customer 360', summary: 'cards' },
  { name: 'media', title: 'Newsworthy Customer 360', summary: 'subscribers' },
];
const tick = () => new Promise((r) => setTimeout(r, 20));

describe('PackPicker', () => {
  it('lists the built packs, moves with the arrows and chooses with Enter', async () => {
    let chosen: string | undefined = 'none yet';
    const app = render(<PackPicker packs={packs} onChoose={(name) => (chosen = name)} />);
    expect(app.lastFrame()).toContain('› 1. Credit-card Customer 360');
    await tick();
    app.stdin.write('\u001B[B');
    await tick();
    expect(app.lastFrame()).toContain('› 2. Newsworthy Customer 360');
    app.stdin.write('\r');
    await tick();
    expect(chosen).toBe('media');
  });

  it('a number chooses at once; Esc leaves with none', async () => {
    let chosen: string | undefined = 'none yet';
    const byNumber = render(<PackPicker packs={packs} onChoose={(name) => (chosen = name)} />);
    await tick();
    byNumber.stdin.write('1');
    await tick();
    expect(chosen).toBe('credit-card');
    const leaving = render(<PackPicker packs={packs} onChoose={(name) => (chosen = name)} />);
    await tick();
    leaving.stdin.write('\u001B');
    await tick();
    expect(chosen).toBeUndefined();
  });
});
