import React from 'react';
import { Box, Text } from 'ink';

/** `b`: a blank screen while the panel talks (any key brings the scene back). */
export function Blackout(props: { width: number; height: number }): React.JSX.Element {
  return (
    <Box width={props.width} height={props.height}>
      <Text> </Text>
    </Box>
  );
}
