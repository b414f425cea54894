import fs from 'node:fs';

/**
 * The suite's gold warehouse is built in the background while the first test files run
 * (test/support/global-setup.ts); these files beside its folder say when it is done. They sit
 * outside the folder so that copies of the warehouse do not carry them.
 */
const readyFile = (dir: string) => `${dir}.ready`;
const failedFile = (dir: string) => `${dir}.failed`;

/** The stage reports of the pipeline that built the warehouse at `dir` (JSON), beside it. */
export const pipelineReportFile = (dir: string): string => `${dir}.pipeline.json`;

export function markBuilt(dir: string): void {
  fs.writeFileSync(readyFile(dir), '');
}

export function markFailed(dir: string, err: unknown): void {
  fs.writeFileSync(failedFile(dir), err instanceof Error ? (err.stack ?? err.message) : String(err));
}

/** A few milliseconds' sleep that blocks the test worker, which has nothing else to do while it waits. */
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Waits until the warehouse at `dir` is built, or throws why it is not. Synchronous, so that the
 * copy helpers keep their signatures; only a test that needs the warehouse waits for it.
 */
export function waitUntilBuilt(dir: string, timeoutMs = 300_000): void {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(readyFile(dir))) {
    if (fs.existsSync(failedFile(dir))) throw new Error(`building the suite's test warehouse failed:\n${fs.readFileSync(failedFile(dir), 'utf8')}`);
    if (Date.now() > deadline) throw new Error(`the suite's test warehouse at ${dir} was not built within ${timeoutMs / 1000} s`);
    Atomics.wait(sleeper, 0, 0, 50);
  }
}
