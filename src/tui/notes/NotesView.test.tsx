import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { NotesApp, NotesView, type NotesState } from './NotesView.js';
import type { FollowEvents } from '../speaker/follow.js';
import { speakerSnapshot } from '../speaker/snapshot.js';
import { initialState, reducer, type PresenterState } from '../model.js';
import { deck, waitFor } from '../../../test/tui/fixtures.js';

const scenes = deck.scenes;
const SIZE = { columns: 100, rows: 40 };
const T0 = 1_000_000;

/** The presenter at scene `index`, step `step`, its scene started 42 s and the talk 10 min before T0. */
function presenterAt(index: number, step = 0, failed?: string): PresenterState {
  let s: PresenterState = { ...initialState({ scenes, startIndex: index }), step };
  if (failed) {
    s = reducer(s, { type: 'run-failed', id: scenes[index]!.id, error: failed });
  }
  return s;
}
const snapshotOf = (state: PresenterState) => speakerSnapshot(state, { sceneStartedAt: T0 - 42_000, talkStartedAt: T0 - 600_000 }, T0);
const following = (state: PresenterState): NotesState => ({ status: 'following', snapshot: snapshotOf(state), receivedAt: T0 });

afterEach(() => cleanup());

describe('speaker view (c360-demo notes)', () => {
  it('shows the scene, its step, narration, talking points, both clocks and the next scene', () => {
    const scene = scenes[5]!;
    const frame = render(<NotesView state={following(presenterAt(5, 1))} now={T0} size={SIZE} dataDir=".c360" />).lastFrame()!;
    expect(frame).toContain(`6/10 · step 2/${scene.steps.length}`);
    expect(frame).toContain(scene.title);
    expect(frame).toContain(`▸ ${scene.steps[1]!.title}`);
    expect(frame).toContain(scene.narration.split(' ').slice(0, 6).join(' '));
    expect(frame).toContain('Talking points');
    expect(frame).toContain(scene.talking_points[0]!.slice(0, 40));
    expect(frame).not.toContain('Fallback talking points');
    expect(frame).toContain(`scene 00:42/03:00 · talk 10:00/${talkBudget()}`);
    expect(frame).toContain(`next: 7/10 ${scenes[6]!.title}`);
  });

  it('switches to the fallback talking points, with the error, when the scene failed', () => {
    const scene = scenes[3]!;
    const frame = render(<NotesView state={following(presenterAt(3, 0, 'connection lost'))} now={T0} size={SIZE} dataDir=".c360" />).lastFrame()!;
    expect(frame).toContain('✗ the scene failed: connection lost');
    expect(frame).toContain('Fallback talking points');
    expect(frame).toContain(scene.fallback_talking_points[0]!.slice(0, 40));
    expect(frame).not.toContain(scene.talking_points[0]!.slice(0, 40));
  });

  it('keeps the clocks running between snapshots, red once over budget', () => {
    const state = following(presenterAt(0));
    const frame = render(<NotesView state={state} now={T0 + 200_000} size={SIZE} dataDir=".c360" />).lastFrame()!;
    // 42 s + 200 s into a scene budgeted at scenes[0].duration_seconds.
    expect(frame).toContain(`scene 04:02/`);
    expect(frame).toContain(`talk 13:20/`);
  });

  it('says which scene is last', () => {
    const frame = render(<NotesView state={following(presenterAt(9))} now={T0} size={SIZE} dataDir=".c360" />).lastFrame()!;
    expect(frame).toContain('10/10');
    expect(frame).toContain('last scene');
    expect(frame).not.toContain('next:');
  });

  it('fits a small terminal: head, talking points and the next scene stay, the narration gives way', () => {
    const scene = scenes[6]!;
    const size = { columns: 80, rows: 16 };
    const frame = render(<NotesView state={following(presenterAt(6))} now={T0} size={size} dataDir=".c360" />).lastFrame()!;
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(size.rows - 1);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(size.columns);
    expect(frame).toContain(`7/10 · step 1/${scene.steps.length}`);
    expect(frame).toContain('scene 00:42/');
    expect(frame).toContain('Talking points');
    expect(frame).toContain(scene.talking_points[0]!.slice(0, 30));
    expect(frame).toContain('next: 8/10');
    expect(frame).toContain('…');
    expect(frame).toContain(scene.narration.split(' ').slice(0, 4).join(' '));
  });

  it('follows: waits, shows each snapshot as it comes, and waits again when the presenter quits', async () => {
    let events: FollowEvents | undefined;
    let stopped = 0;
    const follow = (e: FollowEvents) => {
      events = e;
      return () => void (stopped += 1);
    };
    const app = render(<NotesApp follow={follow} dataDir="/data/talk" size={SIZE} />);
    await waitFor(app.lastFrame, (f) => f.includes('waiting for the presenter…') && f.includes('/data/talk'));
    events!.onSnapshot(snapshotOf(presenterAt(2)));
    await waitFor(app.lastFrame, (f) => f.includes('3/10 · step 1/') && f.includes(scenes[2]!.title));
    events!.onSnapshot(snapshotOf(presenterAt(3)));
    await waitFor(app.lastFrame, (f) => f.includes('4/10 · step 1/') && f.includes(scenes[3]!.title));
    events!.onWaiting('quit');
    await waitFor(app.lastFrame, (f) => f.includes('the presenter quit; waiting for the presenter…'));
    app.stdin.write('q');
    await waitFor(app.lastFrame, () => stopped === 1);
  });
});

function talkBudget(): string {
  const s = scenes.reduce((t, x) => t + x.duration_seconds, 0);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
