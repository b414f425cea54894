import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/tui/App.js';
import { initialState, reducer } from '../../src/tui/model.js';
import { followPresenter, type FollowEvents } from '../../src/tui/speaker/follow.js';
import { speakerSocketPath, type SpeakerSnapshot } from '../../src/tui/speaker/protocol.js';
import { SpeakerPublisher, type SpeakerChannel } from '../../src/tui/speaker/publisher.js';
import { speakerSnapshot } from '../../src/tui/speaker/snapshot.js';
import { deck, FakeWarehouse, KEYS, tick, waitFor } from './fixtures.js';

const scenes = deck.scenes;
const dirs: string[] = [];
const stops: (() => void)[] = [];
const publishers: SpeakerPublisher[] = [];

function dataDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-speaker-'));
  dirs.push(d);
  return d;
}
function publisher(dir: string, detachGraceMs = 50): SpeakerPublisher {
  const p = new SpeakerPublisher(dir, { detachGraceMs });
  publishers.push(p);
  return p;
}
const snapshotAt = (index: number, extra: Partial<SpeakerSnapshot> = {}): SpeakerSnapshot => ({
  ...speakerSnapshot(initialState({ scenes, startIndex: index }), { sceneStartedAt: 0, talkStartedAt: -60_000 }, 5_000),
  ...extra,
});

/** A follower that records what it hears. */
function follower(dir: string): { snapshots: SpeakerSnapshot[]; waiting: string[]; problems: string[] } {
  const heard = { snapshots: [] as SpeakerSnapshot[], waiting: [] as string[], problems: [] as string[] };
  const events: FollowEvents = {
    onSnapshot: (s) => heard.snapshots.push(s),
    onWaiting: (r) => heard.waiting.push(r),
    onProblem: (m) => heard.problems.push(m),
  };
  stops.push(followPresenter(dir, events, { retryMs: 20 }));
  return heard;
}
async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await tick(5);
  }
}

afterEach(async () => {
  cleanup();
  for (const stop of stops.splice(0)) stop();
  await Promise.all(publishers.splice(0).map((p) => p.close()));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('speaker view: the presenter side', () => {
  it('hides the narration while a view is attached and shows it again when it leaves; n still toggles; onboard keeps it', () => {
    const live = initialState({ scenes });
    const attached = reducer(live, { type: 'speaker-view', attached: true });
    expect(attached.narration).toBe(false);
    expect(reducer(attached, { type: 'command', command: 'narration' }).narration).toBe(true);
    expect(reducer(attached, { type: 'speaker-view', attached: false }).narration).toBe(true);
    const onboard = initialState({ scenes, mode: 'onboard' });
    expect(reducer(onboard, { type: 'speaker-view', attached: true }).narration).toBe(true);
  });

  it('publishes the scene on screen as the presenter moves, and drops the narration panel while a view follows', async () => {
    const published: SpeakerSnapshot[] = [];
    let attach: ((a: boolean) => void) | undefined;
    const channel: SpeakerChannel = {
      publish: (s) => published.push(s),
      onAttached: (l) => ((attach = l), () => (attach = undefined)),
    };
    const app = render(
      <App scenes={scenes} warehouse={new FakeWarehouse()} startIndex={5} size={{ columns: 100, rows: 40 }} color={false} speaker={channel} />,
    );
    const scene = scenes[5]!;
    const narration = scene.narration.split(' ').slice(0, 5).join(' ');
    await waitFor(app.lastFrame, (f) => f.includes(narration) && published.length > 0);
    expect(published.at(-1)).toMatchObject({ index: 5, id: scene.id, step: 0, steps: scene.steps.length, stepTitle: scene.steps[0]!.title });
    expect(published.at(-1)).toMatchObject({ nextTitle: scenes[6]!.title, failed: false, talkingPoints: scene.talking_points });
    app.stdin.write(KEYS.right);
    await waitFor(app.lastFrame, () => published.at(-1)?.step === 1);
    expect(published.at(-1)!.stepTitle).toBe(scene.steps[1]!.title);
    attach!(true);
    await waitFor(app.lastFrame, (f) => !f.includes(narration) && !f.includes('Talking points'));
    app.stdin.write('n');
    await waitFor(app.lastFrame, (f) => f.includes(narration));
  });
});

describe('speaker view: the socket between presenter and view', () => {
  it('a view that connects late sees the current scene at once, clocks moved on, then every change', async () => {
    const dir = dataDir();
    const p = publisher(dir);
    await p.ready;
    expect(p.problem).toBeUndefined();
    expect(p.socketPath).toBe(path.join(dir, 'speaker.sock'));
    p.publish(snapshotAt(2));
    await tick(60);
    const heard = follower(dir);
    await until(() => heard.snapshots.length === 1);
    expect(heard.snapshots[0]).toMatchObject({ index: 2, id: scenes[2]!.id });
    // Sent 5 s into the scene and at least 60 ms before the view connected.
    expect(heard.snapshots[0]!.sceneElapsedMs).toBeGreaterThanOrEqual(5_050);
    p.publish(snapshotAt(3));
    await until(() => heard.snapshots.length === 2);
    expect(heard.snapshots[1]!.id).toBe(scenes[3]!.id);
  });

  it('presenters on different data dirs never cross', async () => {
    const a = dataDir();
    const b = dataDir();
    const pa = publisher(a);
    const pb = publisher(b);
    await Promise.all([pa.ready, pb.ready]);
    const heardA = follower(a);
    const heardB = follower(b);
    pa.publish(snapshotAt(1));
    pb.publish(snapshotAt(7));
    await until(() => heardA.snapshots.length === 1 && heardB.snapshots.length === 1);
    await tick(30);
    expect(heardA.snapshots.map((s) => s.index)).toEqual([1]);
    expect(heardB.snapshots.map((s) => s.index)).toEqual([7]);
  });

  it('a socket left behind by a crashed presenter does not block the next one; a live one is left alone', async () => {
    const dir = dataDir();
    const socketPath = speakerSocketPath(dir);
    const crashed = spawnSync(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    expect(crashed.signal).toBe('SIGKILL');
    expect(fs.lstatSync(socketPath).isSocket()).toBe(true);
    const p = publisher(dir);
    await p.ready;
    expect(p.problem).toBeUndefined();
    const second = publisher(dir);
    await second.ready;
    expect(second.problem).toMatch(/another presenter on this data dir/);
    const heard = follower(dir);
    p.publish(snapshotAt(4));
    second.publish(snapshotAt(9));
    await until(() => heard.snapshots.length === 1);
    expect(heard.snapshots[0]!.index).toBe(4);
  });

  it('a data dir made to hold the socket is removed again if the talk left nothing in it', async () => {
    const parent = dataDir();
    const fresh = path.join(parent, 'not-yet', '.c360');
    const p = new SpeakerPublisher(fresh);
    await p.ready;
    expect(fs.existsSync(speakerSocketPath(fresh))).toBe(true);
    await p.close();
    expect(fs.readdirSync(parent)).toEqual([]);

    const kept = path.join(parent, 'kept');
    const q = new SpeakerPublisher(kept);
    await q.ready;
    fs.writeFileSync(path.join(kept, 'warehouse.duckdb'), '');
    await q.close();
    expect(fs.readdirSync(kept)).toEqual(['warehouse.duckdb']);
  });

  it('never removes a file that is not a socket', async () => {
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, 'speaker.sock'), 'mine');
    const p = publisher(dir);
    await p.ready;
    expect(p.problem).toMatch(/cannot listen/);
    expect(fs.readFileSync(path.join(dir, 'speaker.sock'), 'utf8')).toBe('mine');
    p.publish(snapshotAt(0));
  });

  it('reconnects to the next presenter after one quits, and tells the presenter when a view attaches and leaves', async () => {
    const dir = dataDir();
    const heard = follower(dir);
    await until(() => heard.waiting.length === 1);
    expect(heard.waiting).toEqual(['not-started']);
    const first = publisher(dir);
    const attached: boolean[] = [];
    first.onAttached((a) => attached.push(a));
    first.publish(snapshotAt(0));
    await until(() => heard.snapshots.length === 1 && attached.length === 1);
    expect(attached).toEqual([true]);
    await first.close();
    await until(() => heard.waiting.length === 2);
    expect(heard.waiting[1]).toBe('quit');
    const second = publisher(dir);
    second.publish(snapshotAt(6));
    await until(() => heard.snapshots.length === 2);
    expect(heard.snapshots[1]!.index).toBe(6);
    const secondAttached: boolean[] = [];
    second.onAttached((a) => secondAttached.push(a));
    expect(secondAttached).toEqual([true]);
    for (const stop of stops.splice(0)) stop();
    await until(() => secondAttached.length === 2);
    expect(secondAttached).toEqual([true, false]);
  });

  it('a view that stops reading is dropped, and the presenter never waits for it', async () => {
    const dir = dataDir();
    const p = publisher(dir);
    await p.ready;
    const stuck = net.connect(p.socketPath);
    await new Promise((r) => stuck.once('connect', r));
    stuck.write('hello\n');
    stuck.pause();
    let closed = false;
    let received = 0;
    stuck.on('data', (chunk: Buffer) => (received += chunk.length));
    stuck.on('close', () => (closed = true));
    stuck.on('error', () => undefined);
    const big = snapshotAt(5, { narration: 'x'.repeat(16_000) });
    const started = performance.now();
    for (let i = 0; i < 400; i++) p.publish({ ...big, step: i % 3 });
    expect(performance.now() - started).toBeLessThan(500);
    const heard = follower(dir);
    p.publish(snapshotAt(8));
    await until(() => heard.snapshots.some((s) => s.index === 8));
    // Reading again, the stuck view finds itself cut off with only part of what was published.
    stuck.resume();
    await until(() => closed);
    expect(received).toBeLessThan(400 * 16_000);
  });

  it('uses a short path in the temp dir when the data dir is too deep for a socket path', () => {
    const deep = path.join(os.tmpdir(), 'a'.repeat(60), 'b'.repeat(60));
    const socketPath = speakerSocketPath(deep);
    expect(socketPath.startsWith(os.tmpdir())).toBe(true);
    expect(Buffer.byteLength(socketPath)).toBeLessThanOrEqual(100);
    expect(speakerSocketPath(deep + 'c')).not.toBe(socketPath);
    expect(speakerSocketPath(path.join(deep, '..', path.basename(deep)))).toBe(socketPath);
  });
});
