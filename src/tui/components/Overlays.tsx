import React from 'react';
import { Box, Text } from 'ink';
import type { WarehouseStatus } from '../state.js';
import { bar } from '../../render/charts/bar.js';
import { clock } from '../format-time.js';

export const HELP_KEYS: [string, string][] = [
  ['→  space  l', 'next scene'],
  ['←  h', 'previous scene'],
  ['r', 'run (or re-run) the scene’s action'],
  ['l', 'after a failure: show the scene from the local backend'],
  ['s', 'show / hide the SQL (syntax-highlighted, with timings)'],
  ['n', 'narration panel on / off'],
  ['g', 'go to a scene: type its number or id, Enter'],
  ['c', 'Customer 360: look up another customer by id'],
  ['↑ ↓  k j', 'scroll the main panel'],
  ['?', 'this help (any key closes it)'],
  ['q', 'quit (restores the terminal)'],
];

export function Help(props: { width: number; height: number }): React.JSX.Element {
  return (
    <Box flexDirection="column" width={props.width} height={props.height} borderStyle="double" borderColor="cyan" paddingX={2}>
      <Text bold color="cyan">Keys</Text>
      <Text> </Text>
      {HELP_KEYS.map(([k, what]) => (
        <Text key={k} wrap="truncate"><Text bold>{k.padEnd(14)}</Text>{what}</Text>
      ))}
      <Text> </Text>
      <Text color="gray" wrap="truncate">Scenes are Markdown files in scenes/ — edit them to change what is said and shown.</Text>
      <Text color="gray">Press any key to close.</Text>
    </Box>
  );
}

export function SmallTerminal(props: { columns: number; rows: number; minColumns: number; minRows: number }): React.JSX.Element {
  return (
    <Box flexDirection="column">
      <Text color="yellow" bold>The terminal is too small ({props.columns}x{props.rows}).</Text>
      <Text>Please enlarge it to at least {props.minColumns}x{props.minRows}; the presenter redraws as soon as it fits.</Text>
      <Text color="gray">q quits</Text>
    </Box>
  );
}

export function BuildOffer(props: { warehouse: WarehouseStatus; where: string; width: number; now: number }): React.JSX.Element {
  const w = props.warehouse;
  return (
    <Box flexDirection="column" width={props.width} borderStyle="double" borderColor="yellow" paddingX={2}>
      {w.status === 'empty' ? (
        <>
          <Text bold color="yellow">The warehouse is empty ({w.detail}).</Text>
          <Text wrap="truncate">{props.where}</Text>
          <Text> </Text>
          <Text>Build it now with the pipeline (generate, validate, dbt, churn, share):</Text>
          <Text><Text bold>t</Text>  test scale — 1,000 customers, about a minute</Text>
          <Text><Text bold>f</Text>  full scale — 50,000 customers, ~13.5M transactions, several minutes (with progress)</Text>
          <Text><Text bold>Esc</Text> continue without data (scenes show their fallback talking points)</Text>
        </>
      ) : w.status === 'building' ? (
        <>
          <Text bold color="yellow">Building the warehouse at {w.scale} scale… {clock(props.now - w.startedAt)}</Text>
          <Text wrap="truncate">{w.progress ? `${w.progress.stage}  ${w.progress.fraction === undefined ? '' : `${bar(w.progress.fraction, 30).padEnd(30, '░')} ${Math.round(w.progress.fraction * 100)}%`}  ${w.progress.message ?? ''}` : 'starting…'}</Text>
          <Text color="gray">Keys still work; the scenes run when the build is done.</Text>
        </>
      ) : w.status === 'build-failed' ? (
        <>
          <Text bold color="red">The build failed: {w.error}</Text>
          <Text>t / f to try again, Esc to continue without data.</Text>
        </>
      ) : (
        <Text>checking the warehouse…</Text>
      )}
    </Box>
  );
}

export interface SummaryRow {
  title: string;
  plannedS: number;
  actualMs: number;
  status: string;
}

export function RehearsalSummary(props: { rows: SummaryRow[]; width: number }): React.JSX.Element {
  const planned = props.rows.reduce((s, r) => s + r.plannedS, 0);
  const actual = props.rows.reduce((s, r) => s + r.actualMs, 0);
  return (
    <Box flexDirection="column" width={props.width} borderStyle="double" borderColor="green" paddingX={2}>
      <Text bold color="green">Rehearsal finished: {clock(actual)} spent, {clock(planned * 1000)} planned</Text>
      <Text> </Text>
      <Text bold>{'scene'.padEnd(40)} {'planned'.padStart(8)} {'actual'.padStart(8)}  result</Text>
      {props.rows.map((r) => (
        <Text key={r.title} wrap="truncate" color={r.actualMs / 1000 > r.plannedS * 1.1 ? 'red' : undefined}>
          {r.title.slice(0, 40).padEnd(40)} {clock(r.plannedS * 1000).padStart(8)} {clock(r.actualMs).padStart(8)}  {r.status}
        </Text>
      ))}
      <Text> </Text>
      <Text color="gray">q quits · ← goes back to the scenes</Text>
    </Box>
  );
}
