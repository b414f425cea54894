import React, { useRef, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';

export interface PackChoice {
  name: string;
  title: string;
  summary: string;
}

/**
 * Which pack to present, when more than one is built in the data dir and none was named:
 * ↑/↓ (or the pack's number) and Enter; Esc or q leaves with none chosen.
 */
export function PackPicker(props: { packs: PackChoice[]; onChoose: (name: string | undefined) => void }): React.JSX.Element {
  const [index, setIndex] = useState(0);
  // Keys can arrive before the next render: the handler reads the latest position from here.
  const current = useRef(0);
  const move = (by: number) => {
    current.current = (current.current + props.packs.length + by) % props.packs.length;
    setIndex(current.current);
  };
  const { exit } = useApp();
  const choose = (name: string | undefined) => {
    props.onChoose(name);
    exit();
  };
  useInput((input, key) => {
    if (key.upArrow) move(-1);
    else if (key.downArrow) move(1);
    else if (key.return) choose(props.packs[current.current]!.name);
    else if (key.escape || input === 'q') choose(undefined);
    else if (/^[1-9]$/.test(input) && Number(input) <= props.packs.length) choose(props.packs[Number(input) - 1]!.name);
  });
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={2}>
      <Text bold>Which Customer 360 do you present?</Text>
      <Text color="gray">These packs are built in this data dir; presenting one leaves the others as they are.</Text>
      <Text> </Text>
      {props.packs.map((pack, i) => (
        <Text key={pack.name} {...(i === index ? { color: 'cyan', bold: true } : {})}>
          {i === index ? '› ' : '  '}
          {i + 1}. {pack.title}{' '}
          <Text color="gray">
            ({pack.name}: {pack.summary})
          </Text>
        </Text>
      ))}
      <Text> </Text>
      <Text color="gray">↑/↓ or 1-{props.packs.length}, Enter to present, Esc to leave (next time: --pack NAME)</Text>
    </Box>
  );
}
