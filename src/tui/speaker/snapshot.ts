import type { PresenterState } from '../model.js';
import { currentScene, runOf } from '../model.js';
import { stepCount } from '../../scenes/steps.js';
import { PROTOCOL_VERSION, type SpeakerSnapshot } from './protocol.js';

/** What the speaker view shows of the presenter's state, with the clocks read at `now`. */
export function speakerSnapshot(state: PresenterState, clock: { sceneStartedAt: number; talkStartedAt: number }, now: number): SpeakerSnapshot {
  const scene = currentScene(state);
  const run = runOf(state, scene.id);
  const next = state.scenes[state.index + 1];
  return {
    type: 'scene',
    v: PROTOCOL_VERSION,
    index: state.index,
    count: state.scenes.length,
    id: scene.id,
    title: scene.title,
    step: state.step,
    steps: stepCount(scene),
    ...(scene.steps[state.step]?.title ? { stepTitle: scene.steps[state.step]!.title } : {}),
    narration: scene.narration,
    talkingPoints: scene.talking_points,
    fallbackTalkingPoints: scene.fallback_talking_points,
    failed: run.status === 'failed',
    ...(run.status === 'failed' ? { error: run.error } : {}),
    sceneElapsedMs: state.finished ? 0 : Math.max(0, now - clock.sceneStartedAt),
    sceneBudgetS: scene.duration_seconds,
    talkElapsedMs: Math.max(0, now - clock.talkStartedAt),
    talkBudgetS: state.scenes.reduce((s, x) => s + x.duration_seconds, 0),
    finished: state.finished,
    ...(next ? { nextTitle: next.title } : {}),
  };
}
