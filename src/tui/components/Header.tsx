import React from 'react';
import { Box, Text } from 'ink';
import { textWidth, truncate } from '../../text/width.js';

export interface HeaderProps {
  width: number;
  mode: string;
  /** Which warehouse answers ("local DuckDB …", "snowflake …"); the TUI knows nothing more. */
  label: string;
  checking: boolean;
  /** Why this warehouse (the auto fallback), kept on screen for the whole session. */
  notice?: string;
  /** A writing action in the background: its progress, in the corner. */
  background?: string;
  /** The scene strip (numbers and outcome marks) and its width in columns. */
  strip?: React.ReactNode;
  stripWidth?: number;
}

/** Title on the left, the warehouse on the right; a second line for the notice when there is one. */
export function Header(props: HeaderProps): React.JSX.Element {
  const title = `c360-demo${props.mode !== 'live' ? ` · ${props.mode}` : ''}`;
  const right = `${props.label}${props.checking && !props.label.endsWith('…') ? ' · checking warehouse…' : ''}`;
  const corner = props.background ? `⟳ ${props.background}` : '';
  const room = props.width - textWidth(title) - 2 - (props.strip ? (props.stripWidth ?? 0) + 2 : 0);
  return (
    <Box flexDirection="column" width={props.width} flexShrink={0}>
      <Box width={props.width} justifyContent="space-between">
        <Text>
          <Text bold color="cyan">
            {title}
          </Text>
          {props.strip ? <Text> </Text> : null}
          {props.strip}
        </Text>
        {corner ? <Text color="yellow">{truncate(corner, room)}</Text> : <Text color="gray">{truncate(right, room)}</Text>}
      </Box>
      {props.notice || corner ? (
        <Text color={props.notice ? 'yellow' : 'gray'}>
          {truncate(props.notice ? `⚠ ${props.notice}${corner ? ` · ${props.label}` : ''}` : props.label, props.width)}
        </Text>
      ) : null}
    </Box>
  );
}

export const headerHeight = (p: Pick<HeaderProps, 'notice' | 'background'>) => (p.notice || p.background ? 2 : 1);
