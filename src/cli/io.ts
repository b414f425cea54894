import { AsyncLocalStorage } from 'node:async_hooks';

/** Where a run's output goes: the process's streams for the binary, buffers for in-process runs. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Whether a person can answer: the presenter needs a terminal on both sides. */
  stdinIsTTY: boolean;
  /** Standard input (`sql` reads a query from it when none is given); the process's when absent. */
  stdin?: NodeJS.ReadableStream;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdinIsTTY: process.stdin.isTTY, stdin: process.stdin };
}

interface RunState {
  io: CliIo;
  exitCode: number;
}

const runs = new AsyncLocalStorage<RunState>();

/** The io of the run in progress (the process's streams outside a run). */
export function currentIo(): CliIo {
  return runs.getStore()?.io ?? processIo();
}

/** Records the run's exit code; run() returns it. */
export function setExitCode(code: number): void {
  const state = runs.getStore();
  if (state) state.exitCode = code;
  else process.exitCode = code;
}

/** Runs `work` with `io` as the current io; resolves to the exit code it set (0 when none). */
export async function withIo(io: CliIo, work: () => Promise<void>): Promise<number> {
  const state: RunState = { io, exitCode: 0 };
  await runs.run(state, work);
  return state.exitCode;
}
