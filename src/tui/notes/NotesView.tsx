import React, { useCallback, useEffect, useState } from 'react';
import { Box, Text, useApp, useInput, type Key } from 'ink';
import { advanceClocks, type SpeakerSnapshot } from '../speaker/protocol.js';
import type { FollowEvents } from '../speaker/follow.js';
import { useNow } from '../hooks/useNow.js';
import { useTerminalSize, type TerminalSize } from '../hooks/useTerminalSize.js';
import { clock } from '../format-time.js';
import { textWidth, truncate } from '../../text/width.js';
import { wrap } from '../../text/wrap.js';

/** What the speaker view knows: a presenter to follow, or why it is waiting for one. */
export type NotesState =
  { status: 'waiting'; reason: 'not-started' | 'quit' | 'lost'; problem?: string } | { status: 'following'; snapshot: SpeakerSnapshot; receivedAt: number };

type Line = { text: string; bold?: boolean; color?: string; right?: { text: string; color: string }[] };

const WAITING_BECAUSE: Record<'not-started' | 'quit' | 'lost', string> = {
  'not-started': 'waiting for the presenter…',
  quit: 'the presenter quit; waiting for the presenter…',
  lost: 'lost the presenter; waiting for the presenter…',
};

/** The speaker view's lines at this width: position and clocks, the step, notes, then the next scene. */
export function notesLines(state: NotesState, width: number, now: number, dataDir: string): Line[] {
  const inner = Math.max(10, width);
  if (state.status === 'waiting') {
    return [
      { text: 'c360-demo notes', bold: true, color: 'cyan' },
      { text: '' },
      { text: WAITING_BECAUSE[state.reason], bold: true },
      { text: '' },
      ...wrap(`Start the presenter in another terminal on the same data dir (${dataDir}); this view follows it from scene to scene.`, inner)
        .split('\n')
        .map((text) => ({ text, color: 'gray' })),
      ...(state.problem ? [{ text: '' }, { text: state.problem, color: 'yellow' }] : []),
      { text: '' },
      { text: 'q quits', color: 'gray' },
    ];
  }
  const s = advanceClocks(state.snapshot, now - state.receivedAt);
  const lines: Line[] = [];
  const sceneOver = s.sceneElapsedMs / 1000 > s.sceneBudgetS;
  const talkOver = s.talkElapsedMs / 1000 > s.talkBudgetS;
  lines.push({
    text: `${s.index + 1}/${s.count} · step ${s.step + 1}/${s.steps}${s.finished ? ' · rehearsal finished' : ''}`,
    bold: true,
    right: [
      { text: `scene ${clock(s.sceneElapsedMs)}/${clock(s.sceneBudgetS * 1000)}`, color: sceneOver ? 'red' : 'green' },
      { text: ' · ', color: 'gray' },
      { text: `talk ${clock(s.talkElapsedMs)}/${clock(s.talkBudgetS * 1000)}`, color: talkOver ? 'red' : 'green' },
    ],
  });
  for (const text of wrap(s.title, inner).split('\n')) lines.push({ text, bold: true, color: 'cyan' });
  if (s.stepTitle) lines.push({ text: `▸ ${s.stepTitle}`, color: 'cyan' });
  if (s.failed) lines.push({ text: `✗ the scene failed${s.error ? `: ${s.error}` : ''}`, color: 'red' });
  lines.push({ text: '' });
  for (const text of wrap(s.narration, inner).split('\n')) lines.push({ text, bold: true });
  lines.push({ text: '' });
  lines.push({ text: s.failed ? 'Fallback talking points' : 'Talking points', bold: true, color: s.failed ? 'red' : 'cyan' });
  for (const point of s.failed ? s.fallbackTalkingPoints : s.talkingPoints)
    for (const text of wrap(point, inner - 2, '• ', '  ').split('\n')) lines.push({ text });
  lines.push({ text: '' });
  lines.push({ text: s.nextTitle ? `next: ${s.index + 2}/${s.count} ${s.nextTitle}` : 'last scene', color: 'gray' });
  return lines;
}

/**
 * Fits the lines to the screen: the head, the talking points and the next scene keep their rows;
 * the narration gives way first, then the last points (with a line that says so).
 */
function fitLines(lines: Line[], height: number): Line[] {
  if (lines.length <= height) return lines;
  const pointsAt = lines.findIndex((l) => l.text === 'Talking points' || l.text === 'Fallback talking points');
  if (pointsAt < 0) return lines.slice(0, height);
  const narrationAt = lines.findIndex((l) => l.text === '') + 1;
  const head = lines.slice(0, narrationAt);
  const narration = lines.slice(narrationAt, pointsAt - 1);
  const points = lines.slice(pointsAt, -2);
  const tail = lines.slice(-2);
  const room = height - head.length - tail.length - 1;
  // The narration keeps at least its first line (and a mark that it goes on).
  const narrationRoom = Math.max(Math.min(2, narration.length), room - points.length);
  const keptNarration = narration.length > narrationRoom ? [...narration.slice(0, narrationRoom - 1), { text: '…', color: 'gray' }] : narration;
  const pointsRoom = Math.max(1, room - keptNarration.length);
  const keptPoints =
    points.length > pointsRoom
      ? [...points.slice(0, pointsRoom - 1), { text: `… ${points.length - pointsRoom + 1} more line(s): enlarge this terminal`, color: 'gray' }]
      : points;
  return [...head, ...keptNarration, { text: '' }, ...keptPoints, ...tail].slice(0, height);
}

export function NotesView(props: { state: NotesState; now: number; size: TerminalSize; dataDir: string }): React.JSX.Element {
  const width = props.size.columns;
  const height = Math.max(1, props.size.rows - 1);
  const inner = Math.max(10, width - 2);
  const lines = fitLines(notesLines(props.state, inner, props.now, props.dataDir), height);
  return (
    <Box flexDirection="column" width={width} height={height} paddingX={1}>
      {lines.map((l, i) => {
        if (!l.right) {
          return (
            <Text key={i} bold={l.bold} color={l.color}>
              {l.text === '' ? ' ' : truncate(l.text, inner)}
            </Text>
          );
        }
        const right = l.right.map((r) => r.text).join('');
        const room = inner - textWidth(right) - 2;
        const showRight = room >= 20;
        return (
          <Box key={i} justifyContent="space-between" width={inner}>
            <Text bold={l.bold} color={l.color}>
              {truncate(l.text, showRight ? room : inner)}
            </Text>
            {showRight ? (
              <Text>
                {l.right.map((r, j) => (
                  <Text key={j} color={r.color}>
                    {r.text}
                  </Text>
                ))}
              </Text>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}

export interface NotesAppProps {
  /** Starts following a presenter; returns a function that stops. */
  follow: (events: FollowEvents) => () => void;
  dataDir: string;
  now?: () => number;
  size?: TerminalSize;
}

/** The speaker view for a second terminal: follows the presenter live, waits while there is none. */
export function NotesApp(props: NotesAppProps): React.JSX.Element {
  const { follow } = props;
  const nowFn = props.now ?? Date.now;
  const { exit } = useApp();
  const size = useTerminalSize(props.size);
  const [state, setState] = useState<NotesState>({ status: 'waiting', reason: 'not-started' });
  // The clocks tick here, between the presenter's snapshots.
  const now = useNow(nowFn, 1000);
  useEffect(
    () =>
      follow({
        onSnapshot: (snapshot) => setState({ status: 'following', snapshot, receivedAt: nowFn() }),
        onWaiting: (reason) => setState({ status: 'waiting', reason }),
        onProblem: (problem) => setState((s) => (s.status === 'waiting' ? { ...s, problem } : s)),
      }),
    [follow, nowFn],
  );
  const onKey = useCallback(
    (input: string, key: Key) => {
      if (input === 'q' || (key.ctrl && input === 'c')) exit();
    },
    [exit],
  );
  useInput(onKey);
  return <NotesView state={state} now={Math.max(now, state.status === 'following' ? state.receivedAt : now)} size={size} dataDir={props.dataDir} />;
}
