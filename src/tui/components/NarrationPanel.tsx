import React from 'react';
import { Box, Text } from 'ink';
import type { Scene } from '../../scenes/schema.js';
import { truncate } from '../../text/width.js';
import { wrap } from '../../text/wrap.js';

type NotesLine = { text: string; bold?: boolean; color?: string };
const cache = new WeakMap<Scene, Map<string, NotesLine[]>>();

/** Narration and talking points (the fallback points when the live result failed); computed once per scene and width. */
export function narrationLines(scene: Scene, failed: boolean, width: number, onboard: boolean): NotesLine[] {
  const key = `${failed}|${width}|${onboard}`;
  let byKey = cache.get(scene);
  if (!byKey) cache.set(scene, (byKey = new Map<string, NotesLine[]>()));
  const known = byKey.get(key);
  if (known) return known;
  const lines = wrapNotes(scene, failed, width, onboard);
  byKey.set(key, lines);
  return lines;
}

function wrapNotes(scene: Scene, failed: boolean, width: number, onboard: boolean): NotesLine[] {
  const inner = Math.max(10, width - 4);
  const lines: { text: string; bold?: boolean; color?: string }[] = [];
  for (const l of wrap(scene.narration, inner).split('\n')) lines.push({ text: l, bold: onboard });
  if (onboard && scene.body) {
    lines.push({ text: '' });
    scene.body.split(/\n\s*\n/).forEach((para, i) => {
      if (i > 0) lines.push({ text: '' });
      for (const l of wrap(para, inner).split('\n')) lines.push({ text: l });
    });
  }
  lines.push({ text: '' });
  lines.push({ text: failed ? 'Fallback talking points' : 'Talking points', bold: true, color: failed ? 'red' : 'cyan' });
  for (const p of failed ? scene.fallback_talking_points : scene.talking_points) {
    wrap(p, inner - 2, '• ', '  ')
      .split('\n')
      .forEach((l) => lines.push({ text: l }));
  }
  return lines;
}

export const NarrationPanel = React.memo(function NarrationPanel(props: {
  scene: Scene;
  step?: number;
  failed: boolean;
  width: number;
  height: number;
  onboard: boolean;
}): React.JSX.Element {
  const { scene, failed, width, height, onboard } = props;
  const lines = narrationLines(scene, failed, width, onboard);
  const body = Math.max(1, height - 2);
  let shown = lines;
  if (lines.length > body && !onboard) {
    // The talking points matter most on stage: they keep their room, and the narration above
    // them is clipped, though never to less than its first two lines.
    const pointsAt = lines.findIndex((l) => l.text === 'Talking points' || l.text === 'Fallback talking points');
    if (pointsAt > 0) {
      const points = lines.slice(pointsAt);
      const room = Math.min(pointsAt, Math.max(2, body - points.length - 1));
      const narration = lines.slice(0, room);
      if (room < pointsAt) {
        const last = narration[narration.length - 1]!;
        narration[narration.length - 1] = { ...last, text: `${truncate(last.text, Math.max(1, width - 8))} …` };
      }
      const left = body - narration.length - 1;
      const keptPoints =
        points.length > left
          ? [...points.slice(0, left - 1), { text: `… ${points.length - left + 1} more line(s): n toggles this panel`, color: 'gray' }]
          : points;
      shown = [...narration, { text: '' }, ...keptPoints];
    }
    shown = shown.slice(0, body);
  } else if (lines.length > body) {
    // Onboard: the reader reads top to bottom; say where the rest is.
    shown = [...lines.slice(0, body - 1), { text: '… (n hides this panel; `c360-demo export` has every scene in full)', color: 'gray' }];
  }
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} borderStyle="round" borderColor={failed ? 'red' : 'blue'} paddingX={1}>
      {shown.map((l, i) => (
        <Text key={i} bold={l.bold} color={l.color}>
          {l.text === '' ? ' ' : truncate(l.text, width - 4)}
        </Text>
      ))}
    </Box>
  );
});
