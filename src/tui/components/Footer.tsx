import React from 'react';
import { Box, Text } from 'ink';
import { clock } from '../format-time.js';
import { fit } from '../../render/charts/format.js';

export interface FooterProps {
  width: number;
  sceneElapsedMs: number;
  sceneBudgetS: number;
  talkElapsedMs: number;
  talkBudgetS: number;
  offerLocal: boolean;
  mode: string;
}

/** Keys on the left, the clock on the right: scene and talk elapsed against their budgets. */
export function Footer(props: FooterProps): React.JSX.Element {
  const over = props.sceneElapsedMs / 1000 > props.sceneBudgetS;
  const talkOver = props.talkElapsedMs / 1000 > props.talkBudgetS;
  const keys = props.offerLocal
    ? 'l local · r retry · ←/→ scenes · s SQL · n notes · ? help · q quit'
    : '←/→ scenes · r run · s SQL · n notes · g go to · ? help · q quit';
  const clockWidth = 'scene 00:00/00:00 · talk 00:00/00:00'.length + 2;
  return (
    <Box width={props.width} height={1} flexShrink={0} justifyContent="space-between">
      <Text color={props.offerLocal ? 'cyan' : 'gray'} wrap="truncate">{fit(keys, props.width - clockWidth)}</Text>
      <Text wrap="truncate">
        <Text color={over ? 'red' : 'green'}>scene {clock(props.sceneElapsedMs)}/{clock(props.sceneBudgetS * 1000)}</Text>
        <Text color="gray"> · </Text>
        <Text color={talkOver ? 'red' : 'green'}>talk {clock(props.talkElapsedMs)}/{clock(props.talkBudgetS * 1000)}</Text>
      </Text>
    </Box>
  );
}
