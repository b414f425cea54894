import React from 'react';
import { Box, Text } from 'ink';
import { clock } from '../format-time.js';
import { textWidth, truncate } from '../../text/width.js';

export interface FooterProps {
  width: number;
  sceneElapsedMs: number;
  sceneBudgetS: number;
  talkElapsedMs: number;
  talkBudgetS: number;
  /** What the keys line says: the usual keys, or the safety-net offer. */
  hint: string;
  highlight?: boolean;
}

/** Keys on the left, the clock on the right: scene and talk elapsed against their budgets. */
export function Footer(props: FooterProps): React.JSX.Element {
  const over = props.sceneElapsedMs / 1000 > props.sceneBudgetS;
  const talkOver = props.talkElapsedMs / 1000 > props.talkBudgetS;
  const scene = `scene ${clock(props.sceneElapsedMs)}/${clock(props.sceneBudgetS * 1000)}`;
  const talk = `talk ${clock(props.talkElapsedMs)}/${clock(props.talkBudgetS * 1000)}`;
  // On a narrow screen the talk clock goes first: the scene clock matters more on stage.
  const showTalk = props.width >= 100;
  const clockWidth = textWidth(scene) + (showTalk ? textWidth(talk) + 3 : 0) + 1;
  return (
    <Box width={props.width} height={1} flexShrink={0} justifyContent="space-between">
      <Text color={props.highlight ? 'cyan' : 'gray'} bold={props.highlight}>
        {truncate(props.hint, props.width - clockWidth - 1)}
      </Text>
      <Text>
        <Text color={over ? 'red' : 'green'}>{scene}</Text>
        {showTalk ? <Text color="gray"> · </Text> : null}
        {showTalk ? <Text color={talkOver ? 'red' : 'green'}>{talk}</Text> : null}
      </Text>
    </Box>
  );
}
