import React from 'react';
import { Box, Text } from 'ink';
import { helpRows } from '../keymap.js';
import { fit } from '../../text/charts/format.js';
import { truncate } from '../../text/width.js';

/** Every key, from the keymap table (the same rows as the README's key table). */
export function Help(props: { width: number; height: number }): React.JSX.Element {
  const rows = helpRows();
  const keyWidth = Math.max(...rows.map(([k]) => k.length)) + 2;
  const inner = props.width - 6;
  // Short screens drop the closing lines before any key row.
  const room = props.height - 2 - rows.length - 2;
  return (
    <Box flexDirection="column" width={props.width} height={props.height} borderStyle="double" borderColor="cyan" paddingX={2}>
      <Text bold color="cyan">Keys</Text>
      {rows.map(([k, what]) => (
        <Text key={k}><Text bold>{fit(k, keyWidth)}</Text>{truncate(what, inner - keyWidth)}</Text>
      ))}
      {room >= 1 ? <Text color="gray">{truncate('Scenes are Markdown files in scenes/: edit them to change what is said and shown.', inner)}</Text> : null}
      {room >= 2 ? <Text color="gray">Press any key to close.</Text> : null}
    </Box>
  );
}
