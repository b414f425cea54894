import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { commandFor, keyTableMarkdown, KEYMAP } from './keymap.js';

const key = (k: Partial<Key> = {}): Key => ({
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
  ...k,
});

describe('keymap', () => {
  it('maps the clicker keys and the arrows to next / previous', () => {
    expect(commandFor('', key({ pageDown: true }))).toBe('next');
    expect(commandFor('', key({ rightArrow: true }))).toBe('next');
    expect(commandFor(' ', key())).toBe('next');
    expect(commandFor('', key({ pageUp: true }))).toBe('prev');
    expect(commandFor('', key({ home: true }))).toBe('first');
    expect(commandFor('', key({ end: true }))).toBe('last');
    expect(commandFor('l', key())).toBe('local-once');
    expect(commandFor('L', key())).toBe('local-all');
    expect(commandFor('b', key())).toBe('blackout');
    expect(commandFor('c', key({ ctrl: true }))).toBe('quit');
    expect(commandFor('z', key())).toBeUndefined();
  });

  it('gives each command one binding', () => {
    const commands = KEYMAP.map((b) => b.command);
    expect(new Set(commands).size).toBe(commands.length);
  });

  it('the README key table is the keymap’s', () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(keyTableMarkdown());
  });
});
