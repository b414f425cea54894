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
  const room = props.height - 3;
  // Too many rows for the height: two columns, when the width allows.
  const columns = rows.length > room && inner >= 100 ? 2 : 1;
  const perColumn = Math.ceil(rows.length / columns);
  const columnWidth = Math.floor((inner - (columns - 1) * 3) / columns);
  const lines = Array.from({ length: Math.min(perColumn, Math.max(1, room)) }, (_, i) =>
    Array.from({ length: columns }, (_, c) => rows[c * perColumn + i])
      .map((row) => (row ? fit(`${fit(row[0], keyWidth)}${row[1]}`, columnWidth) : ' '.repeat(columnWidth)))
      .join('   ')
      .trimEnd(),
  );
  const spare = room - lines.length;
  return (
    <Box flexDirection="column" width={props.width} height={props.height} borderStyle="double" borderColor="cyan" paddingX={2}>
      <Text bold color="cyan">
        Keys
      </Text>
      {lines.map((l, i) => (
        <Text key={i}>{truncate(l, inner)}</Text>
      ))}
      {spare >= 1 ? <Text color="gray">{truncate('Scenes are Markdown files in scenes/: edit them to change what is said and shown.', inner)}</Text> : null}
      {spare >= 2 ? <Text color="gray">Press any key to close.</Text> : null}
    </Box>
  );
}
