import React from 'react';
import { Box, Text } from 'ink';
import type { Scene } from '../../scenes/schema.js';
import type { RunState } from '../state.js';
import { fit } from '../../render/text.js';
import { bar } from '../../render/charts/bar.js';

const MARKS: Record<RunState['status'], string> = { idle: ' ', queued: '…', running: '…', ok: '✓', failed: '✘' };
const COLORS: Record<RunState['status'], string | undefined> = { idle: undefined, queued: 'yellow', running: 'yellow', ok: 'green', failed: 'red' };

/** The scene list with a mark per scene and a progress bar. */
export const SceneList = React.memo(function SceneList(props: { scenes: Scene[]; index: number; states: Record<string, RunState>; width: number; height: number }): React.JSX.Element {
  const { scenes, index, states, width, height } = props;
  const visible = Math.max(1, height - 3);
  const start = Math.max(0, Math.min(index - Math.floor(visible / 2), scenes.length - visible));
  const shown = scenes.slice(start, start + visible);
  const inner = width - 2;
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} borderStyle="single" borderColor="gray">
      {shown.map((scene, i) => {
        const n = start + i;
        const status = states[scene.id]?.status ?? 'idle';
        const current = n === index;
        const label = fit(`${current ? '▶' : ' '}${MARKS[status]}${String(n + 1).padStart(2)} ${scene.title.split(' — ')[0]}`, inner);
        return (
          <Text key={scene.id} color={current ? 'cyan' : COLORS[status]} bold={current} inverse={current} wrap="truncate">
            {label}
          </Text>
        );
      })}
      <Box flexGrow={1} />
      <Text color="gray" wrap="truncate">{fit(`${bar((index + 1) / scenes.length, inner - 7).padEnd(inner - 7, '░')} ${index + 1}/${scenes.length}`, inner)}</Text>
    </Box>
  );
});
