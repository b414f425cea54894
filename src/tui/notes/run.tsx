import { render } from 'ink';
import { enterFullScreen } from '../full-screen.js';
import { followPresenter } from '../speaker/follow.js';
import { NotesApp } from './NotesView.js';

/** Mounts the speaker view full-screen (quitting restores the terminal) and resolves on `q`. */
export async function runNotesTui(dataDir: string): Promise<void> {
  const screen = enterFullScreen();
  const follow = (events: Parameters<typeof followPresenter>[1]) => followPresenter(dataDir, events);
  await screen.wait(render(<NotesApp follow={follow} dataDir={dataDir} />, { exitOnCtrlC: false, patchConsole: true }));
}
