import React from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { Scene } from '../../scenes/schema.js';
import type { Block } from '../../scenes/types.js';
import { blocksOfStep } from '../../scenes/steps.js';
import type { RunState } from '../state.js';
import { resultLines, type StyledLine } from '../../text/blocks.js';
import { bar } from '../../text/charts/bar.js';
import { fit } from '../../text/charts/format.js';
import { textWidth, truncate } from '../../text/width.js';
import { wrap } from '../../text/wrap.js';
import { highlightSql } from '../sql-highlight.js';
import { clock } from '../format-time.js';

/** One line of the panel; `right` is the second column when the panel is wide. */
export interface PanelLine extends StyledLine {
  right?: StyledLine;
}

export interface PanelInput {
  scene: Scene;
  step: number;
  state: RunState;
  showSql: boolean;
  /** Inner width (inside the border and padding). */
  width: number;
  now: number;
  mutates: boolean;
  /** Another scene's action is writing: this scene's read waits for it. */
  blockedBy?: string;
  /** The scene shows one record `c` swaps for another: what it is called ("customer"). */
  lookupNoun?: string;
  color?: boolean;
}

/** From this inner width, results are laid out in two columns. */
export const TWO_COLUMNS_FROM = 120;

/** The lines the main panel shows for a scene in a given state (pure: tested directly). */
export function mainPanelLines(input: PanelInput): PanelLine[] {
  const { scene, state, showSql, width, now } = input;
  if (showSql) return sqlLines(input);
  switch (state.status) {
    case 'idle':
      return input.mutates
        ? [
            { text: 'This scene changes the warehouse: press r to run it.', color: 'yellow' },
            { text: '' },
            ...scene.talking_points.flatMap((p) => wrapLines(p, width, '• ', '  ')),
          ]
        : [{ text: scene.auto_run ? '' : 'Press r to run this scene.', dim: true }];
    case 'queued':
    case 'running': {
      const head: PanelLine[] = [];
      if (input.blockedBy)
        head.push({
          text: truncate(`${input.blockedBy} is still running (progress in the top right); this reads the last committed data`, width),
          color: 'yellow',
        });
      else if (state.status === 'queued') head.push({ text: 'starting…', dim: true });
      else {
        head.push({ text: `running${state.target === 'local' ? ' on the local warehouse' : ''}… ${clock(now - state.startedAt)}`, color: 'yellow' });
        if (state.progress) head.push({ text: truncate(progressText(state.progress, 24), width) });
      }
      if (state.status === 'running' && state.live) return [...head, { text: '' }, ...blockLines(state.live, width)];
      // Show the last committed result until the new one arrives.
      if (state.previous)
        return [
          ...head,
          { text: 'the last result, until the new one arrives:', dim: true },
          ...blockLines(blocksOfStep(scene, state.previous.result.blocks, input.step), width),
        ];
      return head;
    }
    case 'ok':
      return [
        ...blockLines(blocksOfStep(scene, state.result.blocks, input.step), width),
        {
          text: truncate(
            `${state.result.backend} · ${state.result.elapsedMs} ms · ${state.result.sql.length} statement(s) · s SQL${input.lookupNoun ? ` · c another ${input.lookupNoun}` : ''}`,
            width,
          ),
          dim: true,
        },
      ];
    case 'failed':
      return [
        ...wrapLines(`✘ The live result is unavailable: ${state.error}`, width, '', '  ').map((l) => ({ ...l, color: 'red', bold: true })),
        { text: '' },
        state.offerLocal
          ? { text: truncate('l: show this scene from the local warehouse · L: switch to it for the rest · r: retry', width), color: 'cyan', bold: true }
          : { text: 'r retries. The fallback talking points are in the notes below.', dim: true },
      ];
  }
}

export function progressText(p: { stage: string; fraction?: number; message?: string }, barWidth: number): string {
  const f = p.fraction;
  return `${p.stage}${f === undefined ? '' : `  ${bar(f, barWidth).padEnd(barWidth, '░')} ${Math.round(f * 100)}%`}${p.message ? `  ${p.message}` : ''}`;
}

function sqlLines(input: PanelInput): PanelLine[] {
  const { scene, state } = input;
  const executed = state.status === 'ok' ? state.result.sql : state.status === 'failed' && state.sql?.length ? state.sql : undefined;
  const entries = executed ?? scene.sql.map((s) => ({ label: s.name, sql: s.text }));
  const lines: PanelLine[] = [{ text: executed ? 'SQL this scene ran (s: back to results)' : 'SQL this scene runs (s: back to results)', bold: true }];
  for (const e of entries) {
    const meta =
      'ms' in e && typeof e.ms === 'number' ? `  (${String(e.ms)} ms${'rows' in e && typeof e.rows === 'number' ? `, ${String(e.rows)} rows` : ''})` : '';
    lines.push({ text: '' }, { text: `-- ${e.label}${meta}`, dim: true });
    for (const l of highlightSql(e.sql, input.color !== false)) lines.push({ text: l });
  }
  return lines;
}

/**
 * Result blocks as lines; on a wide panel, in two columns (blocks kept whole, the left column
 * filled first so the reading order stays top-to-bottom, left-to-right).
 */
function blockLines(blocks: Block[], width: number): PanelLine[] {
  // Diagrams read left to right across the whole panel: they keep one column.
  if (width < TWO_COLUMNS_FROM || blocks.length < 2 || blocks.some((b) => b.kind === 'flow' || b.kind === 'dag')) return resultLines(blocks, width);
  const gap = 3;
  const colWidth = Math.floor((width - gap) / 2);
  const rendered = blocks.map((b) => resultLines([b], colWidth));
  if (rendered.some((lines) => lines.some((l) => textWidth(l.text) > colWidth))) return resultLines(blocks, width);
  // Split where the taller column is shortest.
  const heights = rendered.map((r) => r.length + 1);
  let split = 1;
  let best = Number.POSITIVE_INFINITY;
  for (let k = 1; k < rendered.length; k++) {
    const tallest = Math.max(
      heights.slice(0, k).reduce((a, b) => a + b, 0),
      heights.slice(k).reduce((a, b) => a + b, 0),
    );
    if (tallest < best) [best, split] = [tallest, k];
  }
  const column = (parts: StyledLine[][]) => parts.flatMap((lines, i) => (i > 0 ? [{ text: '' }, ...lines] : lines));
  const left = column(rendered.slice(0, split));
  const right = column(rendered.slice(split));
  const out: PanelLine[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i] ?? { text: '' };
    const r = right[i];
    out.push({ ...l, text: r ? fit(l.text, colWidth + gap) : l.text, right: r });
  }
  return out;
}

function wrapLines(text: string, width: number, first: string, rest: string): PanelLine[] {
  return wrap(text, width - Math.max(textWidth(first), textWidth(rest)), first, rest)
    .split('\n')
    .map((t) => ({ text: t }));
}

export interface MainPanelProps {
  title: string;
  /** Used when the full title does not fit. */
  shortTitle?: string;
  position: string;
  lines: PanelLine[];
  scroll: number;
  width: number;
  height: number;
  running: boolean;
  /** Which warehouse produced what is shown: local, snowflake, replay. */
  tag?: string;
  tagColor?: string;
}

/** Renders the lines it is given in a bordered box, scrolled to `scroll` (clamped by the caller). */
export const MainPanel = React.memo(function MainPanel(props: MainPanelProps): React.JSX.Element {
  const { lines, height, width, scroll } = props;
  const bodyHeight = panelBodyHeight(height);
  const shown = lines.slice(scroll, scroll + bodyHeight);
  const more = lines.length - scroll - shown.length;
  const scrollHint = more > 0 || scroll > 0 ? `  ↓ ${more} more` : '';
  const tag = props.tag ? ` [${props.tag}]` : '';
  const inner = width - 4;
  const titleRoom = inner - textWidth(props.position) - 1 - textWidth(scrollHint) - textWidth(tag) - (props.running ? 2 : 0);
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} borderStyle="single" borderColor="gray" paddingX={1}>
      <Text bold wrap="truncate">
        {props.running ? (
          <Text color="yellow">
            {/* 'line' turns every 130 ms, 'dots' every 80: each turn redraws the whole screen. */}
            <Spinner type="line" />{' '}
          </Text>
        ) : null}
        <Text color="cyan">{props.position}</Text>{' '}
        {truncate(textWidth(props.title) <= titleRoom || !props.shortTitle ? props.title : props.shortTitle, Math.max(8, titleRoom))}
        {tag ? <Text color={props.tagColor ?? 'gray'}>{tag}</Text> : null}
        {scrollHint ? <Text color="gray">{scrollHint}</Text> : null}
      </Text>
      {shown.map((l, i) => (
        <Text key={i} color={l.color} bold={l.bold} dimColor={l.dim} wrap="truncate">
          {l.text === '' && !l.right ? ' ' : l.text}
          {l.right ? (
            <Text color={l.right.color} bold={l.right.bold} dimColor={l.right.dim}>
              {l.right.text}
            </Text>
          ) : null}
        </Text>
      ))}
    </Box>
  );
});

/** Lines of content a panel of `height` rows shows (border and title take three). */
export const panelBodyHeight = (height: number) => Math.max(1, height - 3);
