import { Option, type Command } from 'commander';
import { DEFAULT_DATA_DIR } from '../../core/config.js';
import { ExitCode } from '../../core/errors.js';
import { currentIo } from '../io.js';
import { printError, printLine } from '../output.js';
import { runAction } from '../run-action.js';
import type { SpeakerSnapshot } from '../../tui/speaker/protocol.js';

interface NotesFlags {
  dataDir?: string;
  plain?: boolean;
  json?: boolean;
}

/** One line per scene or step: what a script (or a screen reader) following the talk reads. */
export function snapshotLine(s: SpeakerSnapshot): string {
  return (
    `${s.index + 1}/${s.count} ${s.id} step ${s.step + 1}/${s.steps}: ${s.title}${s.stepTitle ? ` — ${s.stepTitle}` : ''}` +
    `${s.failed ? ' [failed: fallback talking points]' : ''}${s.nextTitle ? ` · next: ${s.nextTitle}` : ' · last scene'}`
  );
}

const WAITING: Record<'not-started' | 'quit' | 'lost', string> = {
  'not-started': 'waiting for the presenter…',
  quit: 'the presenter quit; waiting for the presenter…',
  lost: 'lost the presenter; waiting for the presenter…',
};

/**
 * The speaker view: follows the presenter on the same data dir until Ctrl-C (or `q`), waiting
 * whenever there is none. A TUI on a terminal; otherwise a line (or a JSON object) per change.
 */
export async function runNotes(flags: NotesFlags): Promise<number> {
  const dataDir = flags.dataDir || DEFAULT_DATA_DIR;
  const io = currentIo();
  if (!flags.plain && !flags.json && io.stdout.isTTY === true && io.stdinIsTTY) {
    const { runNotesTui } = await import('../../tui/notes/run.js');
    await runNotesTui(dataDir);
    return ExitCode.ok;
  }
  const { followPresenter } = await import('../../tui/speaker/follow.js');
  let shown = '';
  await new Promise<void>((resolve) => {
    const stop = followPresenter(dataDir, {
      onSnapshot: (snapshot) => {
        if (flags.json) return printLine(JSON.stringify(snapshot));
        // Only what moved is news: the presenter also sends a snapshot when a result arrives.
        const line = snapshotLine(snapshot);
        if (line !== shown) printLine(line);
        shown = line;
      },
      onWaiting: (reason) => {
        shown = '';
        if (flags.json) printLine(JSON.stringify({ type: 'waiting', reason }));
        else printError(`${WAITING[reason]} (data dir ${dataDir})`);
      },
      onProblem: (message) => printError(`notes: ${message}`),
    });
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      stop();
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
  return ExitCode.ok;
}

export function registerNotes(program: Command): void {
  program
    .command('notes')
    .description('Speaker view for a second terminal: follows the presenter on the same data dir (narration, talking points, step, timers, next scene)')
    .addOption(
      new Option('--data-dir <dir>', 'the presenter’s data dir: the view follows the presenter started there').env('C360_DATA_DIR').default(DEFAULT_DATA_DIR),
    )
    .option('--plain', 'no TUI: one line per scene or step change (the default when stdout is not a terminal)', false)
    .option('--json', 'one JSON object per line: the presenter’s snapshot at each change, or {"type":"waiting"}', false)
    .option('--debug', 'show stack traces and internal detail', false)
    .addHelpText(
      'after',
      '\nStart it in a second terminal, before or after the presenter (`c360-demo` with the same --data-dir).\n' +
        'It reconnects when either side restarts. While it follows, the audience window hides its narration\n' +
        'panel (n shows it again); --mode onboard keeps it. `c360-demo present --notes-in-terminal` is the same view.',
    )
    .action(runAction(async (raw: NotesFlags) => runNotes(raw)));
}
