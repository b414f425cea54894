import React from 'react';
import { Box, Text } from 'ink';

export function SmallTerminal(props: { columns: number; rows: number; minColumns: number; minRows: number }): React.JSX.Element {
  return (
    <Box flexDirection="column">
      <Text color="yellow" bold>
        The terminal is too small ({props.columns}x{props.rows}).
      </Text>
      <Text>
        Please enlarge it to at least {props.minColumns}x{props.minRows}; the presenter redraws as soon as it fits.
      </Text>
      <Text color="gray">q quits</Text>
    </Box>
  );
}
