import { render } from 'ink';
import { App, type AppProps, type ExitSummary } from './App.js';
import { enterFullScreen } from './full-screen.js';

/**
 * Mounts the presenter full-screen (alternate screen buffer, so quitting restores what was in the
 * terminal) and resolves when the user quits.
 */
export async function runTui(props: AppProps): Promise<ExitSummary> {
  let summary: ExitSummary = { visited: 0, failed: [], withoutResult: [] };
  const screen = enterFullScreen();
  // C360_TIMING=1: report (on stderr, after quitting) when the first frame was drawn, measured from
  // process start, in wall-clock and CPU time, and the slowest render.
  let firstFrame: { wallMs: number; cpuMs: number } | undefined;
  let renders = 0;
  let slowestRenderMs = 0;
  const onRender = (metrics: { renderTime: number }) => {
    renders += 1;
    slowestRenderMs = Math.max(slowestRenderMs, metrics.renderTime);
    if (process.env.C360_TIMING === 'all') process.stderr.write(`render ${metrics.renderTime.toFixed(1)}\n`);
    if (!firstFrame) {
      const cpu = process.cpuUsage();
      firstFrame = { wallMs: Math.round(performance.now()), cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
    }
  };
  let firstResultMs: number | undefined;
  const onFirstResult = () => {
    firstResultMs = Math.round(performance.now());
  };
  const instance = render(<App {...props} onExit={(s) => (summary = s)} onFirstResult={onFirstResult} />, {
    exitOnCtrlC: false,
    patchConsole: true,
    maxFps: 60,
    onRender,
  });
  try {
    await screen.wait(instance);
  } finally {
    if (process.env.C360_TIMING && firstFrame) {
      process.stderr.write(
        `timing: first frame ${firstFrame.wallMs} ms after process start (${firstFrame.cpuMs} ms CPU); first scene data ${firstResultMs === undefined ? 'never' : `${firstResultMs} ms`}; ${renders} renders, slowest ${slowestRenderMs.toFixed(1)} ms\n`,
      );
    }
  }
  return summary;
}
