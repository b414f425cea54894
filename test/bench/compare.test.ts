import { describe, expect, it } from 'vitest';
import { benchFigures, compareBench } from '../../bench/compare.js';

const run = (overrides: { pipeline?: number; dbt?: number; rss?: number; scene?: number } = {}) => ({
  pipelineSeconds: overrides.pipeline ?? 30,
  pipelinePeakRssMiB: overrides.rss ?? 900,
  warehouseFileMiB: 380,
  stages: [
    { stage: 'generate', seconds: 9, peakRssMiB: 500 },
    { stage: 'dbt build', seconds: overrides.dbt ?? 10, peakRssMiB: overrides.rss ?? 900 },
  ],
  sceneQueries: [
    { scene: 'a', sql: 'a.sql', ms: overrides.scene ?? 40 },
    { scene: 'b', sql: 'b.sql', ms: 3 },
  ],
  realDbtDuckdb: 'not measured: no dbt',
});

describe('npm run bench -- --compare', () => {
  it('reads every stage, the RSS, the file size and the slowest scene query', () => {
    const figures = benchFigures(run());
    expect(figures.get('stage dbt build seconds')).toBe(10);
    expect(figures.get('stage generate peakRssMiB')).toBe(500);
    expect(figures.get('warehouseFileMiB')).toBe(380);
    expect(figures.get('sceneQueries slowest ms')).toBe(40);
    expect(figures.has('dbtBuiltInOverReal')).toBe(false);
  });

  it('flags a figure more than 10% worse, and only that one', () => {
    const result = compareBench(run(), run({ dbt: 11.5, pipeline: 31 }), { baseline: 'before.json', tolerance: 0.1 });
    expect(result.regressions).toEqual(['stage dbt build seconds']);
    expect(result.figures.find((f) => f.figure === 'pipelineSeconds')?.regression).toBe(false);
  });

  it('does not flag improvements, or tiny absolute changes however large in percent', () => {
    const result = compareBench(run(), run({ dbt: 5, rss: 600, scene: 48 }), { baseline: 'before.json', tolerance: 0.1 });
    expect(result.regressions).toEqual([]);
    expect(result.figures.find((f) => f.figure === 'stage dbt build seconds')?.change).toBe(-0.5);
  });
});
