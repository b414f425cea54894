/**
 * `npm run bench -- --compare FILE`: the figures of two bench runs side by side. Every figure is
 * "lower is better" (seconds, MiB, milliseconds); one that grew by more than the tolerance is a
 * regression. Figures missing from either run are left out (a run of some stages only, a machine
 * without real dbt).
 */

export interface FigureComparison {
  figure: string;
  before: number;
  after: number;
  /** after / before - 1, e.g. 0.12 = 12% worse, -0.4 = 40% better. */
  change: number;
  regression: boolean;
}

export interface BenchComparison {
  baseline: string;
  tolerance: number;
  figures: FigureComparison[];
  regressions: string[];
}

function numberAt(value: unknown, ...keys: string[]): number | undefined {
  let current: unknown = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'number' && Number.isFinite(current) ? current : undefined;
}

/** The comparable figures of one bench JSON, by name. */
export function benchFigures(run: unknown): Map<string, number> {
  const figures = new Map<string, number>();
  const put = (name: string, value: number | undefined) => {
    if (value !== undefined) figures.set(name, value);
  };
  put('pipelineSeconds', numberAt(run, 'pipelineSeconds'));
  put('pipelineCpuSeconds', numberAt(run, 'pipelineCpuSeconds'));
  put('pipelinePeakRssMiB', numberAt(run, 'pipelinePeakRssMiB'));
  put('warehouseFileMiB', numberAt(run, 'warehouseFileMiB'));
  const stages = (run as { stages?: unknown }).stages;
  if (Array.isArray(stages)) {
    for (const stage of stages as Array<Record<string, unknown>>) {
      put(`stage ${String(stage.stage)} seconds`, numberAt(stage, 'seconds'));
      put(`stage ${String(stage.stage)} cpuSeconds`, numberAt(stage, 'cpuSeconds'));
      put(`stage ${String(stage.stage)} peakRssMiB`, numberAt(stage, 'peakRssMiB'));
    }
  }
  put('churn trainAndEvaluateSeconds', numberAt(run, 'churn', 'trainAndEvaluateSeconds'));
  put('incrementalDbtBuild buildSeconds', numberAt(run, 'incrementalDbtBuild', 'buildSeconds'));
  put('dbtBuiltInOverReal', numberAt(run, 'dbtBuiltInOverReal'));
  const scenes = (run as { sceneQueries?: unknown }).sceneQueries;
  if (Array.isArray(scenes)) {
    const times = (scenes as Array<{ ms?: unknown }>).map((q) => (typeof q.ms === 'number' && q.ms >= 0 ? q.ms : 0));
    if (times.length > 0) {
      put('sceneQueries slowest ms', Math.max(...times));
      put('sceneQueries total ms', Number(times.reduce((a, b) => a + b, 0).toFixed(1)));
    }
  }
  return figures;
}

/**
 * Compares `after` with `before`. Small absolute changes are not regressions however large in
 * percent (a 20 ms query at 25 ms): a figure must also grow by more than `floor` of its unit
 * (0.25 s, 5 MiB, 10 ms).
 */
export function compareBench(before: unknown, after: unknown, options: { baseline: string; tolerance: number }): BenchComparison {
  const old = benchFigures(before);
  const now = benchFigures(after);
  const figures: FigureComparison[] = [];
  for (const [figure, value] of now) {
    const previous = old.get(figure);
    if (previous === undefined || previous <= 0) continue;
    const change = value / previous - 1;
    const floor = figure.endsWith('MiB') ? 5 : figure.endsWith('ms') ? 10 : figure === 'dbtBuiltInOverReal' ? 0.05 : 0.25;
    figures.push({
      figure,
      before: previous,
      after: value,
      change: Number(change.toFixed(3)),
      regression: change > options.tolerance && value - previous > floor,
    });
  }
  return { baseline: options.baseline, tolerance: options.tolerance, figures, regressions: figures.filter((f) => f.regression).map((f) => f.figure) };
}
