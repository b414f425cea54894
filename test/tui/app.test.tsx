import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/tui/App.js';
import { deck, FakeRunner, KEYS, SAMPLE_BLOCKS, tick, waitFor } from './fixtures.js';

const SIZE = { columns: 100, rows: 40 };
const scenes = deck.scenes;
const titleOf = (i: number) => scenes[i]!.title;

afterEach(() => cleanup());

describe('presenter TUI', () => {
  it('loads all ten scenes without problems', () => {
    expect(deck.problems).toEqual([]);
    expect(scenes.map((s) => s.id)).toEqual(['architecture', 'task-dag', 'trigger', 'monitor', 'dbt', 'customer-360', 'churn', 'stream', 'share', 'wrap-up']);
  });

  it.each(scenes.map((s, i) => [s.id, i] as const))('renders scene %s with its data', async (id, i) => {
    const runner = new FakeRunner();
    const app = render(<App scenes={scenes} runner={runner} startIndex={i} size={SIZE} color={false} />);
    const scene = scenes[i]!;
    let frame = await waitFor(app.lastFrame, (f) => f.includes(scene.title.slice(0, 30)));
    // Scenes that change the warehouse (or are not auto-run) wait for `r`; the others run at once.
    const waitsForKey = !scene.auto_run || scene.action === 'trigger' || scene.action === 'stream';
    expect(frame.includes('press r to run it'), 'asks for r').toBe(waitsForKey);
    if (waitsForKey) app.stdin.write('r');
    const expected = SAMPLE_BLOCKS[scene.action]![0]!.title!;
    frame = await waitFor(app.lastFrame, (f) => f.includes(expected.slice(0, 25)));
    expect(runner.calls).toEqual([id]);
    // Narration panel shows the first words of the narration; footer shows the clock.
    expect(frame).toContain(scene.narration.split(' ').slice(0, 3).join(' '));
    expect(frame).toMatch(/scene \d\d:\d\d\/\d\d:\d\d · talk \d\d:\d\d\/\d\d:\d\d/);
  });

  it('draws charts for the customer 360 and churn data', async () => {
    const app = render(<App scenes={scenes} runner={new FakeRunner()} startIndex={5} size={SIZE} color={false} />);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('Segments: customers'));
    expect(frame).toMatch(/Stable Mid-Spenders\s+█+/);
    expect(frame).toContain('trend ▁');
    app.stdin.write(KEYS.right);
    const churn = await waitFor(app.lastFrame, (f) => f.includes('ROC curve (holdout)'));
    expect(churn).toContain('AUC = 0.872');
  });

  it('c looks up another customer on the Customer 360 scene', async () => {
    const runner = new FakeRunner();
    const app = render(<App scenes={scenes} runner={runner} startIndex={5} size={SIZE} color={false} />);
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

  it('moves with → space l ← h and g, and runs read-only scenes on arrival', async () => {
    const runner = new FakeRunner();
    const app = render(<App scenes={scenes} runner={runner} size={SIZE} color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes('1/10'));
    app.stdin.write(KEYS.right);
    await waitFor(app.lastFrame, (f) => f.includes(`2/10 ${titleOf(1)}`));
    app.stdin.write(' ');
    await waitFor(app.lastFrame, (f) => f.includes(`3/10 ${titleOf(2)}`));
    app.stdin.write('l');
    await waitFor(app.lastFrame, (f) => f.includes(`4/10 ${titleOf(3)}`));
    app.stdin.write(KEYS.left);
    await waitFor(app.lastFrame, (f) => f.includes(`3/10 ${titleOf(2)}`));
    app.stdin.write('h');
    await waitFor(app.lastFrame, (f) => f.includes(`2/10 ${titleOf(1)}`));
    app.stdin.write('g');
    await waitFor(app.lastFrame, (f) => f.includes('go to scene'));
    app.stdin.write('9');
    await tick();
    app.stdin.write(KEYS.enter);
    await waitFor(app.lastFrame, (f) => f.includes(`9/10 ${titleOf(8)}`));
    app.stdin.write('g');
    await tick();
    for (const ch of 'churn') {
      app.stdin.write(ch);
      await tick();
    }
    app.stdin.write(KEYS.enter);
    await waitFor(app.lastFrame, (f) => f.includes(`7/10 ${titleOf(6)}`) && f.includes('ROC curve (holdout)'));
    // The trigger (a mutating action) was passed through but never run without `r`.
    expect(runner.calls).not.toContain('trigger');
    expect(runner.calls).toEqual(expect.arrayContaining(['architecture', 'task-dag', 'monitor', 'share', 'churn']));
  });

  it('shows help on ? and closes it on any key', async () => {
    const app = render(<App scenes={scenes} runner={new FakeRunner()} size={SIZE} color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes('1/10'));
    app.stdin.write('?');
    const help = await waitFor(app.lastFrame, (f) => f.includes('Keys'));
    expect(help).toContain('previous scene');
    expect(help).toContain('quit (restores the terminal)');
    app.stdin.write('x');
    await waitFor(app.lastFrame, (f) => !f.includes('previous scene'));
  });

  it('toggles the narration panel with n and the SQL with s', async () => {
    const app = render(<App scenes={scenes} runner={new FakeRunner()} size={SIZE} color={false} />);
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

  it('asks for a bigger terminal when it is too small', async () => {
    const app = render(<App scenes={scenes} runner={new FakeRunner()} size={{ columns: 70, rows: 20 }} />);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('too small'));
    expect(frame).toContain('70x20');
    expect(frame).toContain('at least 80x24');
    app.rerender(<App scenes={scenes} runner={new FakeRunner()} size={{ columns: 100, rows: 30 }} />);
    await waitFor(app.lastFrame, (f) => f.includes('1/10'));
  });

  it('safety net: a failing Snowflake action shows the fallback points and l shows the local result', async () => {
    const snowflake = new FakeRunner('snowflake', { fail: () => 'Snowflake: warehouse COMPUTE_WH is suspended' });
    const local = new FakeRunner('local', { marker: 'LOCAL-DATA' });
    const app = render(<App scenes={scenes} runner={snowflake} localRunner={() => local} startIndex={1} size={SIZE} color={false} />);
    const failed = await waitFor(app.lastFrame, (f) => f.includes('live result is unavailable'));
    expect(failed).toContain('COMPUTE_WH');
    expect(failed).toContain('Fallback talking points');
    expect(failed).toContain(scenes[1]!.fallback_talking_points[0]!.slice(0, 40));
    expect(failed).toContain('Press l to show this scene from the local backend');
    app.stdin.write('l');
    const shown = await waitFor(app.lastFrame, (f) => f.includes('LOCAL-DATA'));
    expect(shown).toContain('Shown from the local backend');
    expect(shown).toContain(`2/10 ${titleOf(1)}`); // l did not move to the next scene
    expect(local.calls).toEqual(['task-dag']);
  });

  it('a failing local action shows fallback points without the local offer', async () => {
    const runner = new FakeRunner('local', { fail: () => 'GOLD.CUSTOMER_360_PROFILE does not exist' });
    const app = render(<App scenes={scenes} runner={runner} startIndex={5} size={SIZE} color={false} />);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('live result is unavailable'));
    expect(frame).not.toContain('Press l to show');
    app.stdin.write('l');
    await waitFor(app.lastFrame, (f) => f.includes(`7/10 ${titleOf(6)}`));
  });

  it('shows a spinner and progress while an action runs, and keys still work', async () => {
    const runner = new FakeRunner('local', { delayMs: 400 });
    const app = render(<App scenes={scenes} runner={runner} startIndex={2} size={SIZE} color={false} />);
    await waitFor(app.lastFrame, (f) => f.includes('press r'));
    app.stdin.write('r');
    const running = await waitFor(app.lastFrame, (f) => f.includes('running'));
    expect(running).toContain('working');
    app.stdin.write('?');
    await waitFor(app.lastFrame, (f) => f.includes('previous scene'));
    app.stdin.write('x');
    await waitFor(app.lastFrame, (f) => f.includes('Graph run 7'));
  });

  it('offers to build an empty warehouse and runs the scene once built', async () => {
    const runner = new FakeRunner();
    let built = '';
    const app = render(
      <App scenes={scenes} runner={runner} size={SIZE} color={false}
        checkWarehouse={async () => ({ bronze: false, gold: false, customers: null, scale: null })}
        buildWarehouse={async (scale, onProgress) => {
          onProgress({ stage: 'generate', fraction: 0.5 });
          await tick(100);
          built = scale;
        }} />,
    );
    const offer = await waitFor(app.lastFrame, (f) => f.includes('warehouse is empty'));
    expect(offer).toContain('test scale');
    expect(runner.calls).toEqual([]);
    app.stdin.write('t');
    await waitFor(app.lastFrame, (f) => f.includes('Building the warehouse at test scale'));
    await waitFor(app.lastFrame, (f) => f.includes('Data flow'));
    expect(built).toBe('test');
    expect(runner.calls).toEqual(['architecture']);
  });

  it('rehearse mode auto-advances and ends with a timing summary', async () => {
    const runner = new FakeRunner();
    const app = render(<App scenes={scenes.slice(0, 3)} runner={runner} mode="rehearse" speed={600} size={SIZE} color={false} />);
    const summary = await waitFor(app.lastFrame, (f) => f.includes('Rehearsal finished'), 5000);
    expect(summary).toMatch(/Architecture\s+02:00/);
    expect(runner.calls).toEqual(['architecture', 'task-dag']);
  });

  it('onboard mode puts the narration first, with the presenter notes', async () => {
    const app = render(<App scenes={scenes} runner={new FakeRunner()} mode="onboard" size={SIZE} color={false} />);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('Data flow'));
    const narrationAt = frame.indexOf(scenes[0]!.narration.slice(0, 30));
    expect(narrationAt).toBeGreaterThan(-1);
    expect(narrationAt).toBeLessThan(frame.indexOf('1/10'));
    expect(frame).toContain('Start here to set the frame');
  });
});
