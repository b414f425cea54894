import { useEffect, useRef, type Dispatch } from 'react';
import type { SpeakerChannel } from '../speaker/publisher.js';
import { speakerSnapshot } from '../speaker/snapshot.js';
import { currentScene, runOf, type Action, type PresenterState } from '../model.js';

/**
 * Connects the presenter to a speaker view: publishes a snapshot whenever what the notes show
 * changes (scene, step, a failure, the deck reloading), and tells the reducer when a view attaches
 * or leaves (the audience's screen then hides or shows the narration).
 */
export function useSpeakerView(
  channel: SpeakerChannel | undefined,
  state: PresenterState,
  dispatch: Dispatch<Action>,
  clock: { sceneStartedAt: number; talkStartedAt: number },
  nowFn: () => number,
): void {
  useEffect(() => channel?.onAttached((attached) => dispatch({ type: 'speaker-view', attached })), [channel, dispatch]);
  const latest = useRef({ state, clock });
  latest.current = { state, clock };
  const scene = currentScene(state);
  const run = runOf(state, scene.id);
  const error = run.status === 'failed' ? run.error : undefined;
  useEffect(() => {
    if (!channel) return;
    const { state: s, clock: c } = latest.current;
    channel.publish(speakerSnapshot(s, c, nowFn()));
  }, [channel, nowFn, scene, state.index, state.step, state.scenes, state.finished, run.status, error]);
}
