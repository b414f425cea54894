import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { followPresenter } from '../src/tui/speaker/follow.js';
import { PROTOCOL_VERSION, type SpeakerSnapshot } from '../src/tui/speaker/protocol.js';
import { SpeakerPublisher } from '../src/tui/speaker/publisher.js';

/**
 * The speaker view's hop: from the presenter publishing a scene change to the view holding it,
 * over the socket in the data dir, for `changes` changes one after another.
 */
export async function benchSpeakerFollow(changes = 200): Promise<{ changes: number; medianMs: number; p95Ms: number; maxMs: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-bench-speaker-'));
  const publisher = new SpeakerPublisher(dataDir);
  let heard: ((s: SpeakerSnapshot) => void) | undefined;
  let first: (() => void) | undefined;
  const connected = new Promise<void>((resolve) => (first = resolve));
  const stop = followPresenter(dataDir, { onSnapshot: (s) => (heard ? heard(s) : first?.()), onWaiting: () => undefined }, { retryMs: 10 });
  try {
    await publisher.ready;
    const snapshot = (index: number): SpeakerSnapshot => ({
      type: 'scene',
      v: PROTOCOL_VERSION,
      index,
      count: changes + 1,
      id: `scene-${index}`,
      title: `Scene ${index}`,
      step: 0,
      steps: 1,
      narration: 'The narration of a scene, as long as a real one. '.repeat(12),
      talkingPoints: ['a talking point', 'another talking point', 'a third one'],
      fallbackTalkingPoints: ['what to say when the scene fails'],
      failed: false,
      sceneElapsedMs: 0,
      sceneBudgetS: 120,
      talkElapsedMs: 0,
      talkBudgetS: 1260,
      finished: false,
    });
    publisher.publish(snapshot(0));
    await connected;
    const latencies: number[] = [];
    for (let i = 1; i <= changes; i++) {
      const started = performance.now();
      await new Promise<void>((resolve) => {
        heard = (s) => {
          if (s.index === i) resolve();
        };
        publisher.publish(snapshot(i));
      });
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(2));
    return { changes, medianMs: at(0.5), p95Ms: at(0.95), maxMs: Number(latencies.at(-1)!.toFixed(2)) };
  } finally {
    stop();
    await publisher.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
