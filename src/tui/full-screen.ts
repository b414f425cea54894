import type { Instance } from 'ink';

/**
 * Runs an Ink instance on the terminal's alternate screen: whatever was on the screen before comes
 * back when it ends, and the cursor is shown again even if the process exits another way.
 */
export function enterFullScreen(out: NodeJS.WriteStream = process.stdout): { wait(instance: Instance): Promise<void> } {
  out.write('\x1b[?1049h\x1b[H');
  const restore = () => out.write('\x1b[?25h\x1b[?1049l');
  process.once('exit', restore);
  return {
    async wait(instance) {
      try {
        await instance.waitUntilExit();
      } finally {
        instance.cleanup();
        restore();
        process.removeListener('exit', restore);
      }
    },
  };
}
