import React from 'react';
import { render } from 'ink';
import { App, type AppProps } from './App.js';

/**
 * Mounts the presenter full-screen (alternate screen buffer, so quitting restores what was in the
 * terminal) and resolves when the user quits.
 */
export async function runTui(props: AppProps): Promise<{ visited: number; failed: string[] }> {
  const out = process.stdout;
  let summary = { visited: 0, failed: [] as string[] };
  out.write('\x1b[?1049h\x1b[H');
  const restore = () => out.write('\x1b[?25h\x1b[?1049l');
  process.once('exit', restore);
  const instance = render(<App {...props} onExit={(s) => (summary = s)} />, { exitOnCtrlC: false, patchConsole: true, maxFps: 30 });
  try {
    await instance.waitUntilExit();
  } finally {
    instance.cleanup();
    restore();
    process.removeListener('exit', restore);
  }
  return summary;
}
