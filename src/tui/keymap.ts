import type { Key } from 'ink';

export type Command =
  | 'next'
  | 'prev'
  | 'first'
  | 'last'
  | 'run'
  | 'local-once'
  | 'local-all'
  | 'sql'
  | 'narration'
  | 'goto'
  | 'lookup'
  | 'scroll-down'
  | 'scroll-up'
  | 'blackout'
  | 'help'
  | 'quit'
  | 'build-test'
  | 'build-full'
  | 'skip-build'
  | 'sql-cell'
  | 'sql-cell-scene';

export interface Binding {
  /** How the keys are written in the help overlay and the README. */
  keys: string;
  help: string;
  command: Command;
  matches: (input: string, key: Key) => boolean;
}

/**
 * Every key the presenter answers to, in one table: the input handler, the help overlay and the
 * README's key table all read it. Clicker remotes send PgDn/PgUp, so those move like →/←.
 */
export const KEYMAP: readonly Binding[] = [
  { keys: '→ space PgDn', help: 'next step, then the next scene', command: 'next', matches: (i, k) => k.rightArrow || k.pageDown || i === ' ' },
  { keys: '← PgUp h', help: 'previous step, then the previous scene', command: 'prev', matches: (i, k) => k.leftArrow || k.pageUp || i === 'h' },
  { keys: 'Home End', help: 'first / last scene', command: 'first', matches: (_i, k) => k.home },
  { keys: '', help: '', command: 'last', matches: (_i, k) => k.end },
  { keys: 'g', help: 'go to a scene: type its number or id, Enter', command: 'goto', matches: (i) => i === 'g' },
  { keys: 'r', help: 'run (or re-run) the scene’s action', command: 'run', matches: (i) => i === 'r' },
  { keys: 'l', help: 'after a Snowflake failure: show this scene from the local warehouse', command: 'local-once', matches: (i) => i === 'l' },
  { keys: 'L', help: 'switch the rest of the session to the local warehouse', command: 'local-all', matches: (i) => i === 'L' },
  { keys: 's', help: 'show / hide the SQL (syntax-highlighted, with timings)', command: 'sql', matches: (i) => i === 's' },
  {
    keys: 'e :',
    help: 'SQL cell over the scene: Enter runs, Ctrl-J new line, ↑↓ history, Esc back',
    command: 'sql-cell',
    matches: (i, k) => (i === 'e' || i === ':') && !k.ctrl,
  },
  { keys: 'E', help: 'SQL cell holding the scene’s SQL (Ctrl-O there: its next statement)', command: 'sql-cell-scene', matches: (i) => i === 'E' },
  { keys: 'n', help: 'narration panel on / off (hidden while c360-demo notes follows)', command: 'narration', matches: (i) => i === 'n' },
  { keys: 'c', help: 'scenes showing one customer or subscriber: look up another by id', command: 'lookup', matches: (i, k) => i === 'c' && !k.ctrl },
  { keys: '↓ j', help: 'scroll the main panel down', command: 'scroll-down', matches: (i, k) => k.downArrow || i === 'j' },
  { keys: '↑ k', help: 'scroll the main panel up', command: 'scroll-up', matches: (i, k) => k.upArrow || i === 'k' },
  { keys: 'b', help: 'blank the screen (any key brings it back)', command: 'blackout', matches: (i) => i === 'b' },
  { keys: 't f', help: 'empty warehouse: build it at test / full scale', command: 'build-test', matches: (i) => i === 't' },
  { keys: '', help: '', command: 'build-full', matches: (i) => i === 'f' },
  { keys: 'Esc', help: 'empty warehouse: continue without data', command: 'skip-build', matches: (_i, k) => k.escape },
  { keys: '?', help: 'this help (any key closes it)', command: 'help', matches: (i) => i === '?' },
  { keys: 'q', help: 'quit (restores the terminal)', command: 'quit', matches: (i, k) => i === 'q' || (k.ctrl && i === 'c') },
];

export function commandFor(input: string, key: Key): Command | undefined {
  return KEYMAP.find((b) => b.matches(input, key))?.command;
}

/** The rows a reader sees: bindings that share a row (t/f, Home/End) are listed once. */
export function helpRows(): [string, string][] {
  return KEYMAP.filter((b) => b.keys !== '').map((b) => [b.keys, b.help]);
}

/** The README's key table, generated from the same rows (a test keeps the README in step). */
export function keyTableMarkdown(): string {
  return [
    '| key | what it does |',
    '|---|---|',
    ...helpRows().map(
      ([k, h]) =>
        `| ${k
          .split(' ')
          .map((x) => `\`${x}\``)
          .join(' ')} | ${h} |`,
    ),
  ].join('\n');
}
