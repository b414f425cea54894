import React from 'react';
import { Box, Text } from 'ink';
import { clock } from '../format-time.js';
import { fit } from '../../text/charts/format.js';
import { padStart } from '../../text/width.js';

export interface SummaryRow {
  title: string;
  plannedS: number;
  actualMs: number;
  status: string;
}

export function RehearsalSummary(props: { rows: SummaryRow[]; width: number }): React.JSX.Element {
  const planned = props.rows.reduce((s, r) => s + r.plannedS, 0);
  const actual = props.rows.reduce((s, r) => s + r.actualMs, 0);
  const titleWidth = Math.max(12, Math.min(40, props.width - 6 - 30));
  return (
    <Box flexDirection="column" width={props.width} borderStyle="double" borderColor="green" paddingX={2}>
      <Text bold color="green">
        Rehearsal finished: {clock(actual)} spent, {clock(planned * 1000)} planned
      </Text>
      <Text> </Text>
      <Text bold>
        {fit('scene', titleWidth)} {padStart('planned', 8)} {padStart('actual', 8)} result
      </Text>
      {props.rows.map((r) => (
        <Text key={r.title} wrap="truncate" color={r.actualMs / 1000 > r.plannedS * 1.1 ? 'red' : undefined}>
          {fit(r.title, titleWidth)} {padStart(clock(r.plannedS * 1000), 8)} {padStart(clock(r.actualMs), 8)} {r.status}
        </Text>
      ))}
      <Text> </Text>
      <Text color="gray">q quits · ← goes back to the scenes</Text>
    </Box>
  );
}
