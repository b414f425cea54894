import React from 'react';
import { Text } from 'ink';
import type { Scene } from '../../scenes/schema.js';
import type { RunState } from '../state.js';

const MARKS: Record<RunState['status'], string> = { idle: '', queued: '…', running: '…', ok: '✓', failed: '✘' };
const COLORS: Record<RunState['status'], string | undefined> = { idle: 'gray', queued: 'yellow', running: 'yellow', ok: 'green', failed: 'red' };

/** Every scene as its number and outcome mark, the current one highlighted: one line, any width. */
export function sceneStripText(scenes: Scene[], states: Record<string, RunState>): string {
  return scenes.map((s, i) => `${MARKS[states[s.id]?.status ?? 'idle']}${i + 1}`).join(' ');
}

export const SceneStrip = React.memo(function SceneStrip(props: { scenes: Scene[]; index: number; states: Record<string, RunState> }): React.JSX.Element {
  return (
    <Text>
      {props.scenes.map((s, i) => {
        const status = props.states[s.id]?.status ?? 'idle';
        const label = `${MARKS[status]}${i + 1}`;
        return (
          <Text key={s.id}>
            {i > 0 ? ' ' : ''}
            {i === props.index ? (
              <Text inverse bold color="cyan">
                {label}
              </Text>
            ) : (
              <Text color={COLORS[status]}>{label}</Text>
            )}
          </Text>
        );
      })}
    </Text>
  );
});
