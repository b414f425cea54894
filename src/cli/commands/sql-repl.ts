import readline from 'node:readline';
import type { Backend } from '../../backends/backend.js';
import type { RunConfig } from '../../core/config.js';
import { ExitCode, InterruptedError, UserError } from '../../core/errors.js';
import { FileSqlHistory } from '../../scenes/sql-history.js';
import { currentIo } from '../io.js';
import { printError, printLine } from '../output.js';
import { LOCK_WAIT_MS, runOneQuery } from '../query-output.js';

const PROMPT = 'sql> ';
const MORE = '  -> ';

/**
 * `c360-demo sql` on a terminal with no query: a prompt for a second terminal during a talk. A
 * statement runs when a line ends with `;` (or on an empty line after it); ↑ recalls queries from
 * the same history as the presenter's SQL cell. Ctrl-C cancels a running query or clears the line;
 * Ctrl-D or `exit` leaves.
 */
export async function sqlRepl(
  config: RunConfig,
  limit: number,
  streams: { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream; terminal?: boolean } = {},
): Promise<number> {
  const history = new FileSqlHistory(config.dataDir);
  const { openBackend } = await import('../../backends/open.js');
  const rl = readline.createInterface({
    input: streams.input ?? currentIo().stdin ?? process.stdin,
    output: streams.output ?? process.stdout,
    terminal: streams.terminal ?? true,
    // readline recalls one line at a time: a query written over several lines comes back as one.
    history: history.entries().map((q) => q.replace(/\s*\n\s*/g, ' ')),
    historySize: 500,
    removeHistoryDuplicates: true,
  });
  // Snowflake keeps its session between queries; the local warehouse is opened for each query and
  // closed after it, so the presenter can take the write lock between two questions.
  let kept: Backend | undefined;
  const backendFor = async (): Promise<Backend> =>
    kept ??
    (await openBackend(config, {
      readOnly: true,
      sealed: true,
      notice: printError,
      waitForLockMs: LOCK_WAIT_MS,
      // For SHOW TASKS and streams by name, in Snowflake's dialect (docs/snowflake-dialect.md).
      emulatedObjects: async () => (await import('../../orchestration/local/objects.js')).localEmulatedObjects(config),
    }));
  let running: AbortController | undefined;
  let buffer: string[] = [];
  rl.on('SIGINT', () => {
    if (running) running.abort();
    else {
      buffer = [];
      rl.write('\n');
      rl.setPrompt(PROMPT);
      rl.prompt();
    }
  });
  printLine(
    `Read-only SQL on ${config.backend === 'snowflake' ? 'Snowflake' : 'the current warehouse'}. End a query with ; to run it · ↑ history · Ctrl-C cancels · Ctrl-D or exit leaves.`,
  );
  rl.setPrompt(PROMPT);
  rl.prompt();
  // While the first query is typed, Snowflake's dialect translator loads (locally it is needed).
  if (config.backend !== 'snowflake') void import('../../warehouse/snowflake-dialect/translate.js').then((m) => m.loadTranslator()).catch(() => undefined);
  try {
    for await (const line of rl) {
      const trimmed = line.trim();
      if (buffer.length === 0 && /^(exit|quit|\\q)$/i.test(trimmed)) break;
      if (trimmed !== '' || buffer.length > 0) buffer.push(line);
      const text = buffer.join('\n').trim();
      const complete = text !== '' && (/;\s*$/.test(text) || trimmed === '');
      if (!complete) {
        rl.setPrompt(buffer.length > 0 ? MORE : PROMPT);
        rl.prompt();
        continue;
      }
      buffer = [];
      history.add(text.replace(/;\s*$/, ''));
      running = new AbortController();
      let backend: Backend | undefined;
      try {
        backend = await backendFor();
        if (backend.kind === 'snowflake') kept = backend;
        await runOneQuery(backend, text, { json: false, limit, signal: running.signal });
      } catch (err) {
        // A bad query is one line and the prompt comes back; a warehouse that cannot be opened ends the session.
        if (err instanceof UserError && err.exitCode === ExitCode.backendUnavailable) throw err;
        if (err instanceof InterruptedError) printError('cancelled');
        else printError(`error: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
      } finally {
        running = undefined;
        if (backend && backend !== kept) await backend.close().catch(() => undefined);
      }
      rl.setPrompt(PROMPT);
      rl.prompt();
    }
  } finally {
    // Ctrl-D leaves the cursor after the prompt: the shell's prompt starts on a line of its own.
    (streams.output ?? process.stdout).write('\n');
    rl.close();
    await kept?.close().catch(() => undefined);
  }
  return ExitCode.ok;
}
