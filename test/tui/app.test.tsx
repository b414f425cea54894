import { afterEach, describe, expect, it } from 'vitest';
import { creditCard } from '../support/pack.js';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/tui/App.js';
import { deck, FakeRunner, FakeWarehouse, KEYS, SAMPLE_BLOCKS, tick, waitFor } from './fixtures.js';

const SIZE = { columns: 100, rows: 40 };
const scenes = deck.scenes;
const at = (i: number) => `${i + 1}/10`;
/** The title row of scene i at its step (scenes with steps show "i/10 · s/n"). */
const head = (i: number, step = 1) => (scenes[i]!.steps.length > 0 ? `${at(i)} · ${step}/${scenes[i]!.steps.length}` : at(i));

afterEach(() => cleanup());

describe('presenter TUI', () => {
  it('loads the fixture deck without problems', () => {
    expect(deck.problems).toEqual([]);
    expect(scenes.map((s) => s.id)).toEqual(['architecture', 'task-dag', 'trigger', 'monitor', 'dbt', 'customer-360', 'churn', 'stream', 'share', 'wrap-up']);
  });

  it.each(scenes.map((s, i) => [s.id, i] as const))('renders scene %s with its data', async (id, i) => {
    const runner = new FakeRunner();
    const app = render(<App scenes={scenes} warehouse={new FakeWarehouse(runner)} startIndex={i} size={SIZE} color={false} />);
    const scene = scenes[i]!;
    let frame = await waitFor(app.lastFrame, (f) => f.includes(`${head(i)} ${scene.title.split(' — ')[0]}`));
    // Scenes that change the warehouse (or do not run by themselves) ask for r; the others never do.
    const waitsForKey = !scene.auto_run || scene.action === 'trigger' || scene.action === 'stream';
    expect(frame.includes('press r to run it'), 'asks for r').toBe(waitsForKey);
    expect(frame.includes('Press r to run'), 'a scene that runs by itself never asks for r').toBe(false);
    if (waitsForKey) app.stdin.write('r');
    const expected = SAMPLE_BLOCKS[scene.action]![0]!.title!;
    frame = await waitFor(app.lastFrame, (f) => f.includes('[local]') && f.includes(expected.slice(0, 25)));
    expect(runner.calls).toEqual([id]);
    expect(frame).toContain(scene.narration.split(' ').slice(0, 3).join(' '));
    expect(frame).toMatch(/scene \d\d:\d\d\/\d\d:\d\d/);
    expect(frame).toContain('[local]');
  });

  it('steps: → reveals the next step of a scene, then moves on; ← goes back a step', async () => {
    const app = render(<App scenes={scenes} warehouse={new FakeWarehouse()} startIndex={5} size={SIZE} color={false} />);
    const first = await waitFor(app.lastFrame, (f) => f.includes('Segments: customers'));
    expect(first).toContain(head(5, 1));
    expect(first).not.toContain('approved spend per month');
    app.stdin.write(KEYS.right);
    const second = await waitFor(app.lastFrame, (f) => f.includes('approved spend per month'));
    expect(second).toContain(head(5, 2));
    expect(second).not.toContain('Segments: customers');
    app.stdin.write(KEYS.pageUp);
    await waitFor(app.lastFrame, (f) => f.includes('Segments: customers'));
    app.stdin.write(KEYS.pageDown);
    await waitFor(app.lastFrame, (f) => f.includes(head(5, 2)));
    app.stdin.write(' ');
    await waitFor(app.lastFrame, (f) => f.includes(head(5, 3)) && f.includes('spend by category'));
    app.stdin.write(' ');
    await waitFor(app.lastFrame, (f) => f.includes(head(5, 4)) && f.includes('360 profile'));
    app.stdin.write(' ');
    await waitFor(app.lastFrame, (f) => f.includes(head(6, 1)));
    // Back from the next scene lands on the last step.
    app.stdin.write(KEYS.left);
    await waitFor(app.lastFrame, (f) => f.includes(head(5, 4)));
  });

  it('c takes a customer id typed fast (one chunk with Enter)', async () => {
    const runner = new FakeRunner();
    const app = render(<App scenes={scenes} warehouse={new FakeWarehouse(runner)} startIndex={5} size={SIZE} color={false} lookup={creditCard.lookup} />);
    await waitFor(app.lastFrame, (f) => f.includes('Segments: customers'));
    app.stdin.write('c');
    await waitFor(app.lastFrame, (f) => f.includes('look up a customer'));
    app.stdin.write('42\r');
    await waitFor(app.lastFrame, () => runner.calls.length === 2);
    expect(runner.params[1]).toEqual({ customer_id: 'CUST000042' });
  });

  it('c looks up another customer', async () => {
    const runner = new FakeRunner();
    const app = render(<App scenes={scenes} warehouse={new FakeWarehouse(runner)} startIndex={5} size={SIZE} color={false} lookup={creditCard.lookup} />);
    await waitFor(app.lastFrame, (f) => f.includes('Segments: customers'));
    app.stdin.write('c');
    await waitFor(app.lastFrame, (f) => f.includes('look up a customer'));
    for (const ch of '123') {
      app.stdin.write(ch);
      await tick();
    }
    app.stdin.write(KEYS.enter);
    await waitFor(app.lastFrame, () => runner.calls.length === 2);
    expect(runner.params[1]).toEqual({ customer_id: 'CUST000123' });
  });

  it('moves with → space PgDn ← h, Home/End and g, and runs read-only scenes on arrival', async () => {
    const runner = new FakeRunner();
    const app = render(<App scenes={scenes} warehouse={new FakeWarehouse(runner)} size={SIZE} color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes(at(0)));
    app.stdin.write(KEYS.right);
    await waitFor(app.lastFrame, (f) => f.includes(head(1, 1)));
    app.stdin.write(' ');
    await waitFor(app.lastFrame, (f) => f.includes(head(1, 2)));
    app.stdin.write(KEYS.pageDown);
    await waitFor(app.lastFrame, (f) => f.includes(head(2)));
    app.stdin.write(KEYS.pageDown);
    await waitFor(app.lastFrame, (f) => f.includes(head(3, 1)));
    app.stdin.write(KEYS.left);
    await waitFor(app.lastFrame, (f) => f.includes(head(2)));
    app.stdin.write('h');
    await waitFor(app.lastFrame, (f) => f.includes(head(1, 2)));
    app.stdin.write(KEYS.end);
    await waitFor(app.lastFrame, (f) => f.includes(head(9, 1)));
    app.stdin.write(KEYS.home);
    await waitFor(app.lastFrame, (f) => f.includes(head(0)));
    app.stdin.write('g');
    await waitFor(app.lastFrame, (f) => f.includes('go to scene'));
    app.stdin.write('9');
    await tick();
    app.stdin.write(KEYS.enter);
    await waitFor(app.lastFrame, (f) => f.includes(head(8)));
    app.stdin.write('g');
    await tick();
    for (const ch of 'churn') {
      app.stdin.write(ch);
      await tick();
    }
    app.stdin.write(KEYS.enter);
    await waitFor(app.lastFrame, (f) => f.includes(head(6, 1)) && f.includes('What the numbers mean'));
    expect(runner.calls).not.toContain('trigger');
    expect(runner.calls).toEqual(expect.arrayContaining(['architecture', 'task-dag', 'monitor', 'share', 'churn', 'wrap-up']));
  });

  it('b blanks the screen and any key brings it back', async () => {
    const app = render(<App scenes={scenes} warehouse={new FakeWarehouse()} size={SIZE} color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes('Data flow'));
    app.stdin.write('b');
    const blank = await waitFor(app.lastFrame, (f) => !f.includes('Data flow'));
    expect(blank.trim()).toBe('');
    app.stdin.write('x');
    await waitFor(app.lastFrame, (f) => f.includes('Data flow') && f.includes(at(0)));
  });

  it('shows help from the keymap on ? and closes it on any key', async () => {
    const app = render(<App scenes={scenes} warehouse={new FakeWarehouse()} size={SIZE} color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes(at(0)));
    app.stdin.write('?');
    const help = await waitFor(app.lastFrame, (f) => f.includes('Keys'));
    expect(help).toContain('previous step, then the previous scene');
    expect(help).toContain('blank the screen');
    expect(help).toContain('quit (restores the terminal)');
    app.stdin.write('x');
    await waitFor(app.lastFrame, (f) => !f.includes('previous step, then'));
  });

  it('toggles the narration panel with n and the SQL with s', async () => {
    const app = render(<App scenes={scenes} warehouse={new FakeWarehouse()} size={SIZE} color={false} />);
    const narrationStart = scenes[0]!.narration.slice(0, 30);
    await waitFor(app.lastFrame, (f) => f.includes(narrationStart) && f.includes('Data flow'));
    app.stdin.write('n');
    await waitFor(app.lastFrame, (f) => !f.includes(narrationStart));
    app.stdin.write('n');
    await waitFor(app.lastFrame, (f) => f.includes(narrationStart));
    app.stdin.write('s');
    const sql = await waitFor(app.lastFrame, (f) => f.includes('SQL this scene ran'));
    expect(sql).toContain('-- architecture_layers.sql  (3 ms, 1 rows)');
    expect(sql).toContain('INFORMATION_SCHEMA.TABLES');
  });

  it('scrolling stops at the end: ↑ right after overscrolling moves up at once', async () => {
    const app = render(<App scenes={scenes} warehouse={new FakeWarehouse()} size={{ columns: 100, rows: 24 }} color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes('Data flow'));
    app.stdin.write('s');
    const top = await waitFor(app.lastFrame, (f) => f.includes('SQL this scene ran'));
    const more = Number(/↓ (\d+) more/.exec(top)?.[1]);
    expect(more).toBeGreaterThan(0);
    for (let i = 0; i < more + 5; i++) {
      app.stdin.write(KEYS.down);
      await tick(10);
    }
    await waitFor(app.lastFrame, (f) => f.includes('↓ 0 more'));
    app.stdin.write(KEYS.up);
    await waitFor(app.lastFrame, (f) => f.includes('↓ 1 more'));
  });

  it('asks for a bigger terminal when it is too small', async () => {
    const warehouse = new FakeWarehouse();
    const app = render(<App scenes={scenes} warehouse={warehouse} size={{ columns: 70, rows: 20 }} />);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('too small'));
    expect(frame).toContain('70x20');
    expect(frame).toContain('at least 80x24');
    app.rerender(<App scenes={scenes} warehouse={warehouse} size={{ columns: 100, rows: 30 }} />);
    await waitFor(app.lastFrame, (f) => f.includes(at(0)));
  });

  it('safety net: a failing Snowflake scene offers l (this scene from local, tagged) and L (the rest)', async () => {
    const snowflake = new FakeRunner('snowflake', { fail: () => 'Snowflake: warehouse COMPUTE_WH is suspended' });
    const local = new FakeRunner('local', { marker: 'LOCAL-DATA' });
    const warehouse = new FakeWarehouse(snowflake, { local, info: { label: 'snowflake ab12345', tag: 'snowflake', safetyNet: true, canBuild: false } });
    const app = render(<App scenes={scenes} warehouse={warehouse} startIndex={1} size={SIZE} color={false} />);
    const failed = await waitFor(app.lastFrame, (f) => f.includes('live result is unavailable'));
    expect(failed).toContain('COMPUTE_WH');
    expect(failed).toContain('Fallback talking points');
    expect(failed).toContain(scenes[1]!.fallback_talking_points[0]!.slice(0, 40));
    expect(failed).toContain('l: show this scene from the local warehouse');
    app.stdin.write('l');
    const shown = await waitFor(app.lastFrame, (f) => f.includes('Task graph') && f.includes('[local]'));
    app.stdin.write(KEYS.right);
    await waitFor(app.lastFrame, (f) => f.includes('LOCAL-DATA'));
    expect(shown).toContain(head(1, 1)); // l did not move on
    expect(local.calls).toEqual(['task-dag']);
    expect(snowflake.calls).toEqual(['task-dag']);
    // The next scene is asked of Snowflake again, fails, and L moves the whole session to local.
    app.stdin.write('g');
    await waitFor(app.lastFrame, (f) => f.includes('go to scene'));
    app.stdin.write('4');
    await tick();
    app.stdin.write(KEYS.enter);
    await waitFor(app.lastFrame, (f) => f.includes(head(3, 1)) && f.includes('live result is unavailable'));
    app.stdin.write('L');
    const switched = await waitFor(
      app.lastFrame,
      (f) => f.includes('SUCCEEDED GENERATE_CUSTOMER_DATA') && f.includes('[local]') && f.includes('switched to the local warehouse'),
    );
    expect(switched).toContain('[local]');
    expect(warehouse.switched).toBe(1);
    expect(local.calls).toEqual(['task-dag', 'monitor']);
  });

  it('a failing local scene shows fallback points and no local offer; l moves on', async () => {
    const runner = new FakeRunner('local', { fail: () => 'GOLD.CUSTOMER_360_PROFILE does not exist' });
    const app = render(<App scenes={scenes} warehouse={new FakeWarehouse(runner)} startIndex={4} size={SIZE} color={false} />);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('live result is unavailable'));
    expect(frame).not.toContain('l: show this scene');
    expect(frame).toContain('Fallback talking points');
    app.stdin.write('l');
    await waitFor(app.lastFrame, (f) => f.includes(head(4, 2)));
  });

  it('shows progress while an action runs, and keys still work', async () => {
    const runner = new FakeRunner('local', { delayMs: 400 });
    const app = render(<App scenes={scenes} warehouse={new FakeWarehouse(runner)} startIndex={2} size={SIZE} color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes('press r'));
    app.stdin.write('r');
    const running = await waitFor(app.lastFrame, (f) => f.includes('running'));
    expect(running).toContain('working');
    app.stdin.write('?');
    await waitFor(app.lastFrame, (f) => f.includes('previous step'));
    app.stdin.write('x');
    await waitFor(app.lastFrame, (f) => f.includes('Graph run 7'));
  });

  it('while the trigger runs, other scenes keep their last result and the run shows in the corner; they re-run after it wrote', async () => {
    const runner = new FakeRunner('local', { delayMs: 300 });
    const app = render(<App scenes={scenes} warehouse={new FakeWarehouse(runner)} startIndex={1} size={SIZE} color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes('Task graph'));
    app.stdin.write(KEYS.right);
    app.stdin.write(KEYS.right);
    await waitFor(app.lastFrame, (f) => f.includes('press r'));
    app.stdin.write('r');
    await waitFor(app.lastFrame, (f) => f.includes('running'));
    app.stdin.write(KEYS.left);
    const back = await waitFor(app.lastFrame, (f) => f.includes(head(1, 2)));
    expect(back).toContain('SHOW TASKS');
    expect(back).toMatch(/⟳ Trigger \d\d:\d\d/);
    await waitFor(app.lastFrame, () => runner.calls.filter((c) => c === 'task-dag').length === 2, 5000);
    expect(runner.calls).toEqual(['task-dag', 'trigger', 'task-dag']);
  });

  it('default backend: keys pressed while checking are kept, and t builds an empty local warehouse', async () => {
    const runner = new FakeRunner();
    const warehouse = new FakeWarehouse(runner, {
      openDelayMs: 150,
      info: {
        data: { status: 'empty', detail: 'no BRONZE.BRONZE_CUSTOMERS table' },
        notice: 'Snowflake is not reachable (connection refused); using the local warehouse instead',
      },
      build: async (_scale, onProgress) => {
        onProgress({ stage: 'generate', fraction: 0.5 });
        await tick(100);
      },
    });
    const app = render(<App scenes={scenes} warehouse={warehouse} size={SIZE} color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes('checking for Snowflake…'));
    app.stdin.write('t');
    await waitFor(app.lastFrame, (f) => f.includes('Building the warehouse at test scale'));
    const built = await waitFor(app.lastFrame, (f) => f.includes('Data flow'));
    expect(warehouse.builds).toEqual(['test']);
    expect(runner.calls).toEqual(['architecture']);
    // The reason for the local warehouse stays in the header.
    expect(built).toContain('Snowflake is not reachable');
  });

  it("the empty-warehouse offer quotes the pack's pipeline and measured build times", async () => {
    const warehouse = new FakeWarehouse(new FakeRunner(), { info: { data: { status: 'empty', detail: 'no warehouse file yet' } } });
    const buildOffer = { pipeline: 'generate, validate, dbt build', ...creditCard.offer };
    const app = render(<App scenes={scenes} warehouse={warehouse} size={SIZE} color={false} buildOffer={buildOffer} />);
    const offer = await waitFor(app.lastFrame, (f) => f.includes('warehouse is empty'));
    expect(offer).toContain('Build it now with the pipeline (generate, validate, dbt build):');
    expect(offer).toMatch(/t {2}test scale: 1,000 customers, about \d+ seconds/);
    app.stdin.write(KEYS.escape);
    await waitFor(app.lastFrame, (f) => f.includes('Data flow'));
  });

  it('rehearse mode auto-advances step by step and ends with a timing summary', async () => {
    const runner = new FakeRunner();
    const app = render(<App scenes={scenes.slice(0, 3)} warehouse={new FakeWarehouse(runner)} mode="rehearse" speed={600} size={SIZE} color={false} />);
    const summary = await waitFor(app.lastFrame, (f) => f.includes('Rehearsal finished'), 5000);
    expect(summary).toMatch(/Architecture\s+02:00/);
    expect(runner.calls).toEqual(['architecture', 'task-dag']);
  });

  it('rehearse mode shows reloaded scenes', async () => {
    let push: (u: { scenes: typeof scenes; message?: string }) => void = () => undefined;
    const edited = scenes.map((s, i) => (i === 0 ? { ...s, narration: 'EDITED NARRATION for the architecture scene.' } : s));
    const app = render(
      <App
        scenes={scenes}
        warehouse={new FakeWarehouse()}
        mode="rehearse"
        speed={0.001}
        size={SIZE}
        color={false}
        subscribeScenes={(l) => {
          push = l;
          return () => undefined;
        }}
      />,
    );
    await waitFor(app.lastFrame, (f) => f.includes('Data flow'));
    push({ scenes: edited, message: '✓ scenes reloaded' });
    const reloaded = await waitFor(app.lastFrame, (f) => f.includes('EDITED NARRATION') && f.includes('scenes reloaded'));
    expect(reloaded).toContain('EDITED NARRATION for the architecture scene.');
  });

  it('onboard mode puts the narration first, with the presenter notes', async () => {
    const app = render(<App scenes={scenes} warehouse={new FakeWarehouse()} mode="onboard" size={SIZE} color={false} />);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('Data flow'));
    const narrationAt = frame.indexOf(scenes[0]!.narration.slice(0, 30));
    expect(narrationAt).toBeGreaterThan(-1);
    expect(narrationAt).toBeLessThan(frame.indexOf(at(0)));
    expect(frame).toContain('Start here to set the frame');
  });
});
