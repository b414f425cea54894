import { render } from 'ink';
import { followPresenter } from '../speaker/follow.js';
import { NotesApp } from './NotesView.js';

/** Mounts the speaker view full-screen (quitting restores the terminal) and resolves on `q`. */
export async function runNotesTui(dataDir: string): Promise<void> {
  const out = process.stdout;
  out.write('\x1b[?1049h\x1b[H');
  const restore = () => out.write('\x1b[?25h\x1b[?1049l');
  process.once('exit', restore);
  const follow = (events: Parameters<typeof followPresenter>[1]) => followPresenter(dataDir, events);
  const instance = render(<NotesApp follow={follow} dataDir={dataDir} />, { exitOnCtrlC: false, patchConsole: true });
  try {
    await instance.waitUntilExit();
  } finally {
    instance.cleanup();
    restore();
    process.removeListener('exit', restore);
  }
}
