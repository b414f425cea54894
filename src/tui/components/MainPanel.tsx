import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { Scene } from '../../scenes/schema.js';
import type { RunState } from '../state.js';
import { resultLines, type StyledLine } from '../../render/blocks.js';
import { bar } from '../../render/charts/bar.js';
import { highlightSql } from '../sql-highlight.js';
import { clock } from '../format-time.js';
import { wrap } from '../../render/text.js';

export interface MainPanelProps {
  scene: Scene;
  index: number;
  total: number;
  state: RunState;
  showSql: boolean;
  scroll: number;
  width: number;
  height: number;
  now: number;
  mutates: boolean;
  color?: boolean;
}

/** The lines the main panel shows for a scene in a given state (pure: tested directly). */
export function mainPanelLines(props: Omit<MainPanelProps, 'scroll' | 'height'>): StyledLine[] {
  const { scene, state, showSql, width, now } = props;
  const inner = width - 4;
  if (showSql) {
    const executed = state.status === 'ok' ? state.result.sql : state.status === 'failed' && state.sql?.length ? state.sql : undefined;
    const entries = executed ?? scene.sql.map((s) => ({ label: s.name, sql: s.text }));
    const lines: StyledLine[] = [{ text: executed ? 'SQL this scene ran (s: back to results)' : 'SQL this scene runs (s: back to results)', bold: true }];
    for (const e of entries) {
      const meta = 'ms' in e && e.ms !== undefined ? `  (${e.ms} ms${'rows' in e && e.rows !== undefined ? `, ${e.rows} rows` : ''})` : '';
      lines.push({ text: '' }, { text: `-- ${e.label}${meta}`, dim: true });
      for (const l of highlightSql(e.sql, props.color !== false)) lines.push({ text: l });
    }
    return lines;
  }
  switch (state.status) {
    case 'idle':
      return props.mutates
        ? [{ text: 'This scene changes the warehouse: press r to run it.', color: 'yellow' }, { text: '' }, ...scene.talking_points.flatMap((p) => wrapLines(p, inner, '• ', '  '))]
        : [{ text: 'Press r to run this scene.', dim: true }];
    case 'running': {
      const lines: StyledLine[] = [{ text: `running${state.source === 'local' ? ' on the local backend' : ''}… ${clock(now - state.startedAt)}`, color: 'yellow' }];
      if (state.progress) {
        const f = state.progress.fraction;
        lines.push({ text: `${state.progress.stage}${f === undefined ? '' : `  ${bar(f, 24).padEnd(24, '░')} ${Math.round(f * 100)}%`}${state.progress.message ? `  ${state.progress.message}` : ''}` });
      }
      if (state.live) lines.push({ text: '' }, ...resultLines(state.live, inner));
      return lines;
    }
    case 'ok':
      return [
        ...(state.source === 'local' ? [{ text: 'Shown from the local backend (safety net)', color: 'magenta' }] : []),
        ...resultLines(state.result.blocks, inner),
        { text: '' },
        { text: `${state.result.backend} · ${state.result.elapsedMs} ms · ${state.result.sql.length} statement(s) · s shows the SQL${'customer_id' in scene.params ? ' · c looks up another customer' : ''}`, dim: true },
      ];
    case 'failed':
      return [
        ...wrapLines(`✘ The live result is unavailable: ${state.error}`, inner, '', '  ').map((l) => ({ ...l, color: 'red', bold: true })),
        { text: '' },
        { text: 'Fallback talking points:', bold: true },
        ...scene.fallback_talking_points.flatMap((p) => wrapLines(p, inner, '• ', '  ')),
        { text: '' },
        state.offerLocal
          ? { text: 'Press l to show this scene from the local backend, r to retry.', color: 'cyan', bold: true }
          : { text: 'Press r to retry.', dim: true },
      ];
  }
}

function wrapLines(text: string, width: number, first: string, rest: string): StyledLine[] {
  return wrap(text, width - first.length, first, rest).split('\n').map((t) => ({ text: t }));
}

export const MainPanel = React.memo(function MainPanel(props: MainPanelProps): React.JSX.Element {
  const { scene, index, total, height, width, scroll, state } = props;
  // Charts are rebuilt only when what they show changes, not on every clock tick.
  const lines = useMemo(() => mainPanelLines(props), [scene, state, props.showSql, width, props.now, props.mutates, props.color]);
  const bodyHeight = Math.max(1, height - 3);
  const maxScroll = Math.max(0, lines.length - bodyHeight);
  const offset = Math.min(scroll, maxScroll);
  const shown = lines.slice(offset, offset + bodyHeight);
  const more = lines.length - offset - shown.length;
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} borderStyle="single" borderColor="gray" paddingX={1}>
      <Text bold wrap="truncate">
        {state.status === 'running' ? <Text color="yellow"><Spinner type="dots" /> </Text> : null}
        <Text color="cyan">{index + 1}/{total}</Text> {scene.title}
        {more > 0 || offset > 0 ? <Text color="gray">  (↑↓ scroll{more > 0 ? `, ${more} more` : ''})</Text> : null}
      </Text>
      {shown.map((l, i) => (
        <Text key={i} color={l.color} bold={l.bold} dimColor={l.dim} wrap="truncate">
          {l.text === '' ? ' ' : l.text}
        </Text>
      ))}
    </Box>
  );
});
